/**
 * Every key name Guestpass writes, in one place. A tenant's keys are built from its scope
 * (`id:instance`) and share the Redis Cluster hash tag `{scope}`, so one script may touch
 * several keys of one tenant.
 */
export type Keys = ReturnType<typeof createKeys>;

/** how many streams the mail queue is (Keys.mailQueue): their hash tags fall on every third of the slots */
export const mailQueueShards = 8;

export function createKeys(prefix: string) {
  const t = (scope: string) => `${prefix}{${scope}}`;
  return {
    /** the prefix of every key of one tenant scope (to delete them all) */
    scopePrefix: (scope: string) => `${t(scope)}:`,
    /** the pub/sub channel on which changed records' keys are published (src/store/record-cache.ts) */
    invalidations: () => `${prefix}invalidations`,
    /** set of every tenant id */
    tenantIndex: () => `${prefix}tenants`,
    /** the tenant record (JSON), by id */
    tenant: (id: string) => `${prefix}tenant:${id}`,
    clientIndex: (scope: string) => `${t(scope)}:clients`,
    client: (scope: string, clientId: string) => `${t(scope)}:client:${clientId}`,
    adminKeyIndex: (scope: string) => `${t(scope)}:admin-keys`,
    adminKey: (scope: string, keyId: string) => `${t(scope)}:admin-key:${keyId}`,
    /** the tenant's own signing keys (JSON: public parts, private parts sealed, times) */
    signingKeys: (scope: string) => `${t(scope)}:signing-keys`,
    /** the tenant's federation rules (JSON, secrets sealed) */
    federation: (scope: string) => `${t(scope)}:federation`,
    /** a federation sign-in in progress, by its OAuth state */
    federationFlow: (scope: string, state: string) => `${t(scope)}:federation-flow:${state}`,
    /** the tenant's SAML 2.0 federation rules (JSON: the IdP's entity ID, SSO URL, certificates) */
    samlRules: (scope: string) => `${t(scope)}:saml-rules`,
    /** the tenant's SAML service provider key (JSON: private key sealed, certificate) */
    samlSpKey: (scope: string) => `${t(scope)}:saml-sp-key`,
    /** a SAML sign-in in progress (its AuthnRequest ID), by its RelayState */
    samlFlow: (scope: string, relayState: string) => `${t(scope)}:saml-flow:${relayState}`,
    /** a posted SAMLResponse waiting for its browser's GET (the flow cookie is Lax), by RelayState */
    samlResponse: (scope: string, relayState: string) => `${t(scope)}:saml-response:${relayState}`,
    /** an assertion ID already used (replay cache), by IdP entity ID hash and assertion ID */
    samlAssertion: (scope: string, id: string) => `${t(scope)}:saml-assertion:${id}`,
    /** the tenant's sign-in log: a capped stream */
    signIns: (scope: string) => `${t(scope)}:sign-ins`,
    guestIndex: (scope: string) => `${t(scope)}:guests`,
    /**
     * the tenant's guests in invitation order: a lexicographic index (Store.lexRange) of
     * `{invitedAt}/{id}` (src/directory/guest-order.ts), beside the guest set
     */
    guestOrder: (scope: string) => `${t(scope)}:guest-order`,
    guest: (scope: string, guestId: string) => `${t(scope)}:guest:${guestId}`,
    /** normalized email → guest id */
    guestByEmail: (scope: string, email: string) => `${t(scope)}:guest-email:${email}`,
    /** sha256 of an invitation token → invitation (JSON), expiring */
    invitation: (scope: string, tokenHash: string) => `${t(scope)}:invitation:${tokenHash}`,
    /** a redemption in progress, by its OAuth state */
    redemption: (scope: string, state: string) => `${t(scope)}:redemption:${state}`,
    /** a guest's passkeys: hash `<credential id>` → JSON, `counter:<id>`, `used:<id>` */
    passkeys: (scope: string, guestId: string) => `${t(scope)}:passkeys:${guestId}`,
    /** a passkey's credential id → the one guest it is bound to */
    passkeyCredential: (scope: string, credentialId: string) =>
      `${t(scope)}:passkey-credential:${credentialId}`,
    /** sha256 of a WebAuthn challenge → what it was issued for (JSON), single-use, expiring */
    passkeyChallenge: (scope: string, challengeHash: string) =>
      `${t(scope)}:passkey-challenge:${challengeHash}`,
    /** what a guest allowed each client (remembered consent): hash `<client id>` → JSON */
    consents: (scope: string, guestId: string) => `${t(scope)}:consents:${guestId}`,
    /*
     * The passcode state of one address (`who` = HMAC of the address). Time is data: each
     * value holds the instants it is judged by (expires-at, locked-until, window start), and
     * the scripts compare them with the clock's `now`; Redis TTLs only delete what is over.
     */
    /** hash of the address's live codes: `exp:<code MAC>` (expires-at ms), `tries:<code MAC>` */
    otpCodes: (scope: string, who: string) => `${t(scope)}:otp:${who}:pending-codes`,
    /** hash {count, last}: consecutive failures, across resends */
    otpFailures: (scope: string, who: string) => `${t(scope)}:otp:${who}:failure-run`,
    /** locked-until ms */
    otpLock: (scope: string, who: string) => `${t(scope)}:otp:${who}:locked-until`,
    /** voided-until ms: the address's last code was voided by wrong tries (a clearer message) */
    otpVoided: (scope: string, who: string) => `${t(scope)}:otp:${who}:voided-until`,
    /** no resend before this ms */
    otpCooldown: (scope: string, who: string) => `${t(scope)}:otp:${who}:cooldown-until`,
    /** hash {start, count}: codes sent in the current window */
    otpSends: (scope: string, who: string) => `${t(scope)}:otp:${who}:send-window`,
    /**
     * the mail courier's queue (src/mail/courier/): `mailQueueShards` streams of every tenant's
     * mail, each read by a consumer group and with a hash tag of its own, so on a Redis Cluster
     * they spread over the masters and a master that is down stops none of them all
     */
    mailQueue: (shard: number) => `${prefix}{mail-courier:${shard}}:queue`,
    /** what became of the tenant's mails (sent / not sent): a capped stream the admin API reads */
    mailLog: (scope: string) => `${t(scope)}:mail-log`,
    /** hash {start, count}: a fixed window of one action from one IP address (all tenants) */
    rateLimit: (action: string, ip: string) => `${prefix}rate-window:${action}:${ip}`,
    /** an admin console session (JSON: the credential sealed, times), by sha256 of its id */
    consoleSession: (idHash: string) => `${prefix}console-session:${idHash}`,
    /** oidc-provider models: one hash {payload, consumed} a record */
    oidc: (scope: string, model: string, id: string) => `${t(scope)}:oidc:${model}:${id}`,
    oidcGrant: (scope: string, grantId: string) => `${t(scope)}:oidc:grant:${grantId}`,
    oidcSessionUid: (scope: string, uid: string) => `${t(scope)}:oidc:sessionUid:${uid}`,
    /** the Grant and Session records of one account (guest), to end them all at once */
    oidcAccount: (scope: string, accountId: string) => `${t(scope)}:oidc:account:${accountId}`,
    oidcUserCode: (scope: string, code: string) => `${t(scope)}:oidc:userCode:${code}`,
  };
}
