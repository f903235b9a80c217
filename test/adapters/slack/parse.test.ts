import { describe, expect, it } from 'vitest';
import { decodeSlackText, mentionText, slashCommandText } from '../../../src/adapters/slack/parse.js';

const COMMANDS = ['price', 'history', 'search', 'movers', 'sources', 'help'];

describe('Slack text decoding', () => {
  it('undoes Slack escaping and drops mentions, keeping link and channel labels', () => {
    expect(decodeSlackText('a &lt;b&gt; &amp;amp; c')).toBe('a <b> &amp; c');
    expect(decodeSlackText('<@U123ABC> hi <!here>')).toBe('  hi  ');
    expect(decodeSlackText('see <https://bricklink.com/x|BrickLink> or <https://a.b>')).toBe(
      'see BrickLink or https://a.b',
    );
    expect(decodeSlackText('in <#C0123|prices>')).toBe('in #prices');
  });

  it('slash command text is the text after the command, trimmed', () => {
    expect(slashCommandText('  price sw0001 used ')).toBe('price sw0001 used');
    expect(slashCommandText(undefined)).toBe('');
    expect(slashCommandText('search Boba &amp; Jango')).toBe('search Boba & Jango');
  });
});

describe('mention questions -> command text', () => {
  const cases: [string, string][] = [
    ['<@UBOT> price of sw0001', 'price sw0001'],
    ['<@UBOT> price for the sw0001 used', 'price sw0001 used'],
    ["<@UBOT> what's the price of sw0001?", 'price sw0001'],
    ['hey <@UBOT>, can you show me the history of sw0001 90 please', 'history sw0001 90'],
    ['<@UBOT> how much is sw0001?', 'price sw0001'],
    ['<@UBOT> sw0002 used', 'price sw0002 used'],
    ['<@UBOT> search the mandalorian', 'search mandalorian'],
    ['<@UBOT> Price of Boba Fett', 'price Boba Fett'],
    ['<@UBOT> movers 7d', 'movers 7d'],
    ['<@UBOT>', ''],
    ['<@UBOT> halp', 'halp'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => {
      expect(mentionText(input, COMMANDS)).toBe(expected);
    });
  }

  it('keeps the words of a name when no command is recognised (the dispatcher answers with a hint)', () => {
    expect(mentionText('<@UBOT> the quick brown fox', COMMANDS)).toBe('quick brown fox');
  });
});
