/** What the HTTP layer may see of an exchange's credentials: the API key masked, never the secret. */
export interface CredentialsView {
  readonly exchange: string;
  readonly enabled: boolean;
  readonly testnet: boolean;
  /** "abcd…wxyz", or null when none is stored. */
  readonly apiKey: string | null;
  readonly hasSecret: boolean;
  /** A passphrase is stored (venues whose keys come with one); never shown. */
  readonly hasPassphrase: boolean;
  /** The stored keys can be decrypted (false when the master key changed). */
  readonly usable: boolean;
  readonly problem: string | null;
}

export interface CredentialsChange {
  readonly apiKey?: string;
  readonly apiSecret?: string;
  readonly passphrase?: string;
  readonly enabled?: boolean;
  readonly testnet?: boolean;
}

/**
 * Stored exchange credentials (encrypted at rest by the composition root's store). Saving or
 * removing also hands the keys to the running adapter before it resolves.
 */
export interface CredentialsPort {
  view(exchange: string): CredentialsView;
  save(exchange: string, change: CredentialsChange): Promise<CredentialsView>;
  remove(exchange: string): Promise<CredentialsView>;
}
