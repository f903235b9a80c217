import { describe, expect, it } from 'vitest';
import { CONSOLE_MAX_CELL, renderConsole } from '../../../src/adapters/console/render.js';
import type { Reply } from '../../../src/core/reply.js';

describe('console renderer', () => {
  it('renders every block kind as plain text', () => {
    const reply: Reply = {
      title: 'sw0002 · Boba Fett',
      url: 'https://www.bricklink.com/v2/catalog/catalogitem.page?M=sw0002',
      summary: 'summary',
      tone: 'positive',
      label: 'demo data',
      thumbnail: { url: 'https://img.bricklink.com/ItemImage/MN/0/sw0002.png', alt: 'Boba' },
      blocks: [
        { type: 'text', text: 'Star Wars · 2000\nsecond line' },
        {
          type: 'fields',
          fields: [
            { label: 'New', value: '$95.50\nmedian of 12' },
            { label: '7 days', value: '+5.2%', inline: true },
          ],
        },
        { type: 'divider' },
        {
          type: 'table',
          columns: [{ header: 'Source' }, { header: 'Median', align: 'right' }],
          rows: [
            ['BrickLink', '$97.00'],
            ['eBay', '$9.00'],
          ],
        },
        {
          type: 'actions',
          buttons: [
            { label: '90 days', invocation: { command: 'history', options: { figure: 'sw0002', days: 90 } } },
          ],
        },
      ],
      footer: 'As of 2026-11-26 09:30 UTC',
      image: { data: new Uint8Array([1]), filename: 'sw0002-90d.png', alt: 'chart' },
    };
    expect(renderConsole(reply, { imagePath: '/tmp/charts/sw0002-90d.png' })).toBe(
      [
        '[DEMO DATA]',
        '▲ sw0002 · Boba Fett',
        '====================',
        'https://www.bricklink.com/v2/catalog/catalogitem.page?M=sw0002',
        'Star Wars · 2000',
        'second line',
        'New     $95.50',
        '        median of 12',
        '7 days  +5.2%',
        '----------------------------------------',
        'Source     Median',
        '---------  ------',
        'BrickLink  $97.00',
        'eBay        $9.00',
        'Try next:',
        '  90 days: history figure:sw0002 days:90',
        'Image: https://img.bricklink.com/ItemImage/MN/0/sw0002.png',
        'Chart: /tmp/charts/sw0002-90d.png',
        '-- As of 2026-11-26 09:30 UTC',
        '',
      ].join('\n'),
    );
  });

  it('cuts long table cells at the named limit, keeping emoji whole', () => {
    const long = `${'🦖'.repeat(10)}${'x'.repeat(100)}`;
    const out = renderConsole({
      summary: 's',
      blocks: [{ type: 'table', columns: [{ header: 'Name' }], rows: [[long]] }],
    });
    const cell = out.split('\n')[2] as string;
    expect(Array.from(cell)).toHaveLength(CONSOLE_MAX_CELL);
    expect(cell.startsWith('🦖'.repeat(10))).toBe(true);
    expect(cell.endsWith('…')).toBe(true);
  });

  it('prefixes an error, and falls back to the summary when there are no blocks', () => {
    expect(
      renderConsole({ summary: 'Nope.', tone: 'error', blocks: [{ type: 'text', text: 'Nope.' }] }),
    ).toBe('Error: Nope.\n');
    expect(renderConsole({ summary: 'Only a summary', blocks: [] })).toBe('Only a summary\n');
    expect(
      renderConsole({
        summary: 's',
        blocks: [],
        image: { data: new Uint8Array(), filename: 'a.png', alt: '' },
      }),
    ).toBe('s\nChart: a.png (not saved)\n');
  });
});
