/**
 * Every key name Guestpass writes, in one place. A tenant's keys are built from its scope
 * (`id:instance`) and share the Redis Cluster hash tag `{scope}`, so one script may touch
 * several keys of one tenant.
 */
export type Keys = ReturnType<typeof createKeys>;

export function createKeys(prefix: string) {
  const t = (scope: string) => `${prefix}{${scope}}`;
  return {
    /** set of every tenant id */
    tenantIndex: () => `${prefix}tenants`,
    /** the tenant record (JSON), by id */
    tenant: (id: string) => `${prefix}tenant:${id}`,
    clientIndex: (scope: string) => `${t(scope)}:clients`,
    client: (scope: string, clientId: string) => `${t(scope)}:client:${clientId}`,
    /** oidc-provider models: one hash {payload, consumed} a record */
    oidc: (scope: string, model: string, id: string) => `${t(scope)}:oidc:${model}:${id}`,
    oidcGrant: (scope: string, grantId: string) => `${t(scope)}:oidc:grant:${grantId}`,
    oidcSessionUid: (scope: string, uid: string) => `${t(scope)}:oidc:sessionUid:${uid}`,
    oidcUserCode: (scope: string, code: string) => `${t(scope)}:oidc:userCode:${code}`,
  };
}
