import { VoxmaskError } from '../errors';

/** Why a scenario bundle could not be built. `code` says which rule failed. */
export class BundleError extends VoxmaskError {
  override name = 'BundleError';
  constructor(
    readonly code: 'rollup_warning' | 'rollup_failed' | 'module_syntax_left' | 'too_large' | 'config_placeholder',
    message: string,
  ) {
    super(message);
  }
}
