import { MAX_USERNAME_LENGTH } from './wire.ts';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a name may not hold
const NAME_PROBLEM = /[\u0000-\u001f\u007f]/;

/** Why a username is refused, or undefined when it is acceptable. */
export function usernameProblem(username: string): string | undefined {
  if (username.length > MAX_USERNAME_LENGTH || NAME_PROBLEM.test(username)) {
    return `Usernames must be at most ${MAX_USERNAME_LENGTH} characters without control characters.`;
  }
  return undefined;
}
