/**
 * The check every public function runs on its options object: each key must be one it knows, so that a
 * misspelt option is an error naming it rather than silently ignored. The values are checked where
 * they are used (most by the native binding, their one home).
 */
import { InvalidArgumentError } from './errors.js';

export function checkOptionKeys(options: unknown, known: readonly string[], where: string, noun = 'option'): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new InvalidArgumentError(`${where}: expected an object, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length)
    throw new InvalidArgumentError(
      `${where}: unknown ${noun} ${unknown.map((k) => `'${k}'`).join(', ')} (expected ${known.join(', ') || 'none'})`,
    );
}
