import { ConfigValidationError } from '../errors';

/**
 * A configuration names a key its profile does not have (a typo, or a key of another profile).
 * `code` is `KEY_UNKNOWN`, `field` the key, `suggestion` the nearest key of the profile.
 */
export class UnknownConfigKeyError extends ConfigValidationError {
  readonly profile: string;
  readonly suggestion: string | null;
  constructor(profile: string, key: string, suggestion: string | null, owners: readonly string[] = []) {
    super('KEY_UNKNOWN', key, `a key of profile ${profile}`, key);
    this.profile = profile;
    this.suggestion = suggestion;
    const notes = [
      ...(owners.length > 0 ? [`a key of profile ${owners.join(', ')}`] : []),
      ...(suggestion !== null ? [`did you mean "${suggestion}"?`] : []),
    ];
    this.message = `unknown key "${key}" for profile ${profile}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
  }
}
