// zlib.crc32 came with Node 20.15 (package.json engines).
import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** zlib's level 2 packs a chart nearly as small as Skia's encoder does (within 5%), in a fraction of its time. */
const DEFLATE_LEVEL = 2;

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.allocUnsafe(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * A PNG of a canvas's pixels: `width` x `height` RGBA, 8 bits a channel, premultiplied by alpha
 * as @napi-rs/canvas keeps them (`canvas.data()`). Skia's own encoder tries every row filter at
 * zlib's default level, about half of all a chart costs; charts are flat colours on white, which
 * compress as small unfiltered at a low level. Straightening the alpha here is cheaper than
 * getImageData, which converts every pixel: on white nearly every pixel is opaque.
 */
export function pngFromCanvasPixels(
  premultiplied: Uint8Array,
  width: number,
  height: number,
  opts: { opaque?: boolean } = {},
): Buffer {
  const stride = width * 4;
  if (premultiplied.length !== stride * height) {
    throw new RangeError(`expected ${stride * height} bytes of pixels, got ${premultiplied.length}`);
  }
  // Each row starts with its filter type: 0, none.
  const rows = scratch((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const start = y * (stride + 1);
    rows[start] = 0;
    rows.set(premultiplied.subarray(y * stride, (y + 1) * stride), start + 1);
  }
  // Opaque pixels are the same premultiplied or not: a chart drawn on opaque white has nothing to straighten.
  for (const pixel of opts.opaque ? [] : translucentPixels(premultiplied)) {
    const a = Math.floor(pixel / width) * (stride + 1) + 1 + (pixel % width) * 4 + 3;
    const alpha = rows[a] as number;
    for (let k = a - 3; k < a; k++) rows[k] = Math.min(255, Math.round(((rows[k] as number) * 255) / alpha));
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type: RGBA
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: DEFLATE_LEVEL })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let kept = Buffer.alloc(0);

/**
 * A buffer of `size` bytes, the same one each time: a chart's rows are over a megabyte, and a new
 * buffer that large is fresh memory from the system every time, paid for page by page.
 */
function scratch(size: number): Buffer {
  if (kept.length !== size) kept = Buffer.allocUnsafe(size);
  return kept;
}

/**
 * The indexes of the pixels neither opaque nor transparent: few on a chart drawn on white, often
 * none. A plain loop over one word a pixel (alpha its top byte, little-endian): a generator or a
 * copy of the pixels cost more than the rest of the encoding.
 */
function translucentPixels(rgba: Uint8Array): number[] {
  const words =
    rgba.byteOffset % 4 === 0
      ? new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length / 4)
      : new Uint32Array(rgba.slice().buffer);
  const found: number[] = [];
  for (let pixel = 0; pixel < words.length; pixel++) {
    const alpha = (words[pixel] as number) >>> 24;
    if (alpha !== 255 && alpha !== 0) found.push(pixel);
  }
  return found;
}
