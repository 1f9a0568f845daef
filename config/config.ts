import type { JWK } from 'jose';
import type { FederationRule } from '../src/federation/rule.js';
import type { MailConfig } from '../src/mail/mail-config.js';
import type { TrustedProxies } from '../src/http/client-address.js';
import type { OtpConfig } from '../src/otp/otp-config.js';
import type { RedisClusterConfig } from '../src/store/redis-cluster.js';
import type { LogLevel } from '../src/util/logger.js';
import type { SigningAlg } from '../src/util/signing-jwk.js';

export type { LogLevel, MailConfig, OtpConfig, TrustedProxies };

/** The one typed, frozen configuration, built once at start by loadConfig(). */
export interface Config {
  readonly production: boolean;
  readonly port: number;
  /** external base URL without trailing slash; tenant t has issuer `${publicUrl}/t` */
  readonly publicUrl: string;
  /** true when any proxy is trusted (TRUST_PROXY): X-Forwarded-Proto and -Host count */
  readonly trustProxy: boolean;
  /** TRUST_PROXY: whose X-Forwarded-For counts, and so which address the per-address limits see */
  readonly trustedProxies: TrustedProxies;
  /** undefined (and no redisCluster) = the embedded store (dev only) */
  readonly redisUrl: string | undefined;
  /** REDIS_CLUSTER_NODES and its settings: a Redis Cluster instead of one Redis */
  readonly redisCluster: RedisClusterConfig | undefined;
  /** prefix of every Redis key (lets several deployments or test runs share one Redis) */
  readonly redisKeyPrefix: string;
  readonly mail: MailConfig;
  readonly adminToken: string;
  /** true when no ADMIN_TOKEN was given and one was generated (printed once at start) */
  readonly adminTokenGenerated: boolean;
  /** the first signs, the rest still verify */
  readonly cookieSecrets: readonly string[];
  /** the deployment's private signing keys (JWKS_PATH); every tenant's with signingKeys 'deployment' */
  readonly jwks: { readonly keys: readonly JWK[] };
  /** who signs ID tokens: the deployment's keys (JWKS_PATH), or each tenant its own keys */
  readonly signingKeys: 'deployment' | 'tenant';
  /** the algorithm of a tenant's own keys (SIGNING_KEY_ALG) */
  readonly signingKeyAlg: SigningAlg;
  /** seconds a tenant's next key is published before it signs (SIGNING_KEY_OVERLAP_SECONDS) */
  readonly signingKeyOverlapSeconds: number;
  /** Cache-Control max-age of discovery documents and JWKS (METADATA_CACHE_SECONDS) */
  readonly metadataCacheSeconds: number;
  /** POST at /{t}/auth and /{t}/session/end (then the session cookie is SameSite=None; Secure) */
  readonly httpPostMethods: boolean;
  /** hosts a client's jwks_uri may name (CLIENT_JWKS_URI_HOSTS); empty: jwks_uri is refused */
  readonly clientJwksUriHosts: readonly string[];
  readonly otp: OtpConfig;
  readonly rateLimits: RateLimitConfig;
  /** how long an invitation's redeem link works */
  readonly invitationTtlSeconds: number;
  readonly sessionTtlSeconds: number;
  readonly logLevel: LogLevel;
  /** how many tenant providers stay built in memory */
  readonly providerCacheSize: number;
  /** deployment-wide federation rules (a tenant's own rule for the same domain wins) */
  readonly federationRules: readonly FederationRule[];
  /** timeout of every call to an upstream IdP (discovery, token), seconds */
  readonly federationTimeoutSeconds: number;
  /** METRICS_TOKEN: the bearer token /metrics on the main port asks for (README "Metrics") */
  readonly metricsToken: string | undefined;
  /** METRICS_PORT: a loopback-only listener serving /metrics without a token */
  readonly metricsPort: number | undefined;
  /** seed the `demo` tenant and relying party (dev) */
  readonly seedDemo: boolean;
}

/**
 * Per-address limits (fixed windows; an IPv6 address counts with its /64): on the steps that
 * send mail or check a code, and on authorization requests, each of which may store an
 * interaction for an hour.
 */
export interface RateLimitConfig {
  readonly windowSeconds: number;
  readonly sendsPerIp: number;
  readonly verifiesPerIp: number;
  /** authorization requests (GET/POST /{t}/auth) per address per authorizationWindowSeconds */
  readonly authorizationsPerIp: number;
  readonly authorizationWindowSeconds: number;
}
