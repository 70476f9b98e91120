/** Argument parsers for commander: they reject bad values with a message naming what was expected. */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError as CommanderArgumentError } from 'commander';
import { InvalidArgumentError } from '../errors.js';

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new CommanderArgumentError(`expected a positive integer, got '${value}'`);
  return n;
}

export function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new CommanderArgumentError(`expected a non-negative integer, got '${value}'`);
  return n;
}

export function positiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) throw new CommanderArgumentError(`expected a positive number, got '${value}'`);
  return n;
}

/** Any finite number: for options whose range train() checks (the message then names the option). */
export function finiteNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new CommanderArgumentError(`expected a number, got '${value}'`);
  return n;
}

/** A JSON file holding one object (a config of train options, a model spec), read for `flag`. */
export function readJsonObject(flag: string, file: string, what: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(`${flag} ${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(`${flag} ${file}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new InvalidArgumentError(`${flag} ${file}: expected a JSON object of ${what}`);
  return parsed as Record<string, unknown>;
}

/** --image-size: 64 (square) or HEIGHTxWIDTH such as 64x48. */
export function imageSizeArg(value: string): number | [number, number] {
  const m = /^(\d+)(?:x(\d+))?$/.exec(value.trim());
  const dims = m ? [Number(m[1]), ...(m[2] ? [Number(m[2])] : [])] : [];
  if (!m || dims.some((d) => d < 1 || d > 4096)) throw new CommanderArgumentError(`expected a size such as 64 or 64x48 (1 to 4096), got '${value}'`);
  return dims.length === 1 ? dims[0] : [dims[0], dims[1]];
}

/** --channels: 1 (grayscale) or 3 (RGB). */
export function channelsArg(value: string): 1 | 3 {
  if (value !== '1' && value !== '3') throw new CommanderArgumentError(`expected 1 (grayscale) or 3 (RGB), got '${value}'`);
  return Number(value) as 1 | 3;
}
