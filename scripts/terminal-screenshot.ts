/**
 * Draws terminal text as a PNG, for the README's picture of a reply: `npx tsx
 * scripts/terminal-screenshot.ts reply.txt docs/images/price-reply.png` after capturing the
 * terminal chat's answer (`printf 'price sw0791\nexit\n' | npx minifig console > reply.txt`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createCanvas } from '@napi-rs/canvas';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: terminal-screenshot <text file> <png file>');
  process.exit(2);
}
const lines = readFileSync(input, 'utf8').replace(/\s+$/, '').split('\n');
const FONT = 15;
const LINE = 20;
const PAD = 18;
const measure = createCanvas(10, 10).getContext('2d');
measure.font = `${FONT}px monospace`;
const width = Math.ceil(Math.max(...lines.map((l) => measure.measureText(l).width))) + PAD * 2;
const canvas = createCanvas(width, lines.length * LINE + PAD * 2);
const ctx = canvas.getContext('2d');
ctx.fillStyle = '#1e1e2e';
ctx.fillRect(0, 0, canvas.width, canvas.height);
ctx.font = `${FONT}px monospace`;
ctx.textBaseline = 'top';
lines.forEach((line, i) => {
  ctx.fillStyle = line.startsWith('minifig>') ? '#89b4fa' : line.startsWith('[DEMO') ? '#f38ba8' : '#cdd6f4';
  ctx.fillText(line, PAD, PAD + i * LINE);
});
writeFileSync(output, canvas.toBuffer('image/png'));
