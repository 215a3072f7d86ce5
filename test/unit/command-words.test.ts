import { describe, expect, it } from 'vitest';
import { splitWords } from '../../src/core/commands/words.ts';

describe('operator command words', () => {
  it.each([
    ['/kick bob', ['/kick', 'bob']],
    ['  /kick   bob  ', ['/kick', 'bob']],
    ['/kick "user 2"', ['/kick', 'user 2']],
    ["/kick 'user 2'", ['/kick', 'user 2']],
    ['/kick user\\ 2', ['/kick', 'user 2']],
    ['/kick "say \\"hi\\""', ['/kick', 'say "hi"']],
    ["/kick 'back\\slash'", ['/kick', 'back\\slash']],
    ['/kick a""b', ['/kick', 'ab']],
    ['/kick ""', ['/kick', '']],
    ['/kick bob; /ban carol', ['/kick', 'bob']],
    ['/kick bob|x', ['/kick', 'bob']],
    ['/kick "a;b" & c', ['/kick', 'a;b']],
    ['/ban bob 3 extra words', ['/ban', 'bob', '3', 'extra', 'words']],
    ['/kick $HOME *', ['/kick', '$HOME', '*']],
    ['/kick #bob', ['/kick', '#bob']],
  ])('%s', (line, words) => {
    expect(splitWords(line)).toEqual(words);
  });

  it.each(['/kick "bob', "/kick 'bob", '/kick bob\\', '/kick (bob)', '/kick bob)'])('%s is not a command', (line) => {
    expect(splitWords(line)).toBeUndefined();
  });
});
