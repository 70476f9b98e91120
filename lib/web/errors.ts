/** The browser sampler's one error type: a model description or weights file it cannot use. The page
 *  shows its message; `code` matches wgan-gp's WganGpError codes so Node callers can branch on it. */
export class WebModelError extends Error {
  readonly code: string;
  constructor(message: string, code = 'ERR_INVALID_MODEL') {
    super(message);
    this.name = 'WebModelError';
    this.code = code;
  }
}
