/**
 * Facts that both sides of the binding need (limits, defaults), read from their one home in the native
 * core. Read on first use, not at import, so that importing the package works without its binary.
 */
import { native, type NativeFacts } from './native.js';

let facts: NativeFacts | undefined;

export function nativeFacts(): NativeFacts {
  facts ??= native().runtimeInfo().facts;
  return facts;
}
