/** What the CLI reads of the admin API's answers (for human output; --json prints them as-is). */

export interface TenantView {
  id: string;
  displayName: string;
  policy: Policy;
  defaultLanguage?: string | null;
  branding?: {
    logoUrl: string | null;
    accentColor: string | null;
    supportContact: string | null;
  };
  createdAt: string;
  updatedAt?: string;
}

export interface Policy {
  emailOtp: { enabled: boolean };
}

export interface GuestView {
  id: string;
  email: string;
  displayName?: string | null;
  state: string;
  authMethod: string | null;
  invitedAt: string;
  redeemedAt: string | null;
}

/** a guest's passkey as GET /tenants/{t}/guests/{g} shows it */
export interface PasskeyView {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  deviceType: string;
  backedUp: boolean;
  transports: string[];
}

/** a client a guest allowed (GET /tenants/{t}/guests/{g}/consents) */
export interface ConsentView {
  clientId: string;
  scopes: string[];
  claims: string[];
  grantedAt: string;
  updatedAt: string;
}

/** POST /tenants/{t}/guests/{g}/reset-redemption */
export interface ResetRedemption {
  guest: GuestView;
  redeemUrl: string;
  emailSent: boolean;
  passkeysRemoved: number;
  consentsRevoked: number;
}

export interface Invitation {
  guest: GuestView;
  redeemUrl: string;
  emailSent?: boolean;
}

/** one entry's answer of POST /tenants/{t}/invitations/batch */
export interface BatchResult {
  email: string | null;
  status: 'created' | 'existing' | 'error';
  guest?: GuestView;
  redeemUrl?: string;
  emailSent?: boolean;
  error?: string;
  error_description?: string;
}

export interface ClientView {
  client_id: string;
  client_name?: string;
  client_secret?: string;
  token_endpoint_auth_method?: string;
  grant_types?: string[];
  redirect_uris?: string[];
}

export interface InitialAccessToken {
  token: string;
  expiresAt: string | null;
}

export interface AdminKey {
  id: string;
  name: string;
  key?: string;
  createdAt: string;
}

export interface SignIn {
  time: string;
  email: string;
  client: string;
  method: string;
  result: string;
  reason?: string | null;
}

export interface SignInPage {
  items: SignIn[];
  next: string | null;
}

/** GET /tenants/{t}/guests?limit=&cursor= */
export interface GuestPage {
  items: GuestView[];
  next: string | null;
  total: number;
}

export interface FederationRule {
  id: string;
  domains: string[];
  issuer: string;
  clientId: string;
  redirectUri?: string;
}

export interface SigningKey {
  kid: string;
  alg: string;
  state: string;
  activatesAt?: string | null;
  retiresAt?: string | null;
}

export interface SigningKeyList {
  mode: 'deployment' | 'tenant';
  keys: SigningKey[];
  /** the key a rotation just published */
  rotated?: string;
}
