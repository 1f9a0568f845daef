import { createHash } from 'node:crypto';
import { spMetadata, verifyResponse } from '../../../src/federation/saml/saml-sp.js';
import { FederationError } from '../../../src/federation/upstreams.js';
import { methodNotAllowed } from '../../../src/http/errors.js';
import { messages } from '../../../src/http/messages.js';
import { readForm } from '../../../src/http/read-body.js';
import { takeBrowserFlow } from '../../browser-flow.js';
import { checkUpstreamIdentity, upstreamFailed, upstreamVerified } from '../../upstream-outcome.js';
import type { MethodRoute } from '../method.js';
import { findSamlRule, samlPaths, samlPlace, samlStates, spEndpoints, spKey } from './saml-flow.js';
import type { SamlFlow } from './saml-flow.js';

/** a posted SAMLResponse waits this long for its browser's GET */
const postedTtlSeconds = 120;
/** the largest SAMLResponse form Guestpass reads */
const responseMaxBytes = 256 * 1024;
/** an assertion ID is remembered at least this long (and until its NotOnOrAfter) */
const replayMinSeconds = 600;

/**
 * `{mount}/saml/acs`: the AssertionConsumerService. The IdP's auto-submitting form POSTs the
 * response cross-site, where the browser withholds the Lax flow cookie; the POST only parks
 * the response under its RelayState and sends the browser to a GET of the same URL, where the
 * cookie proves this browser started the request. There the flow is taken (single use), the
 * response verified against its AuthnRequest ID, and the assertion ID entered in the replay
 * cache.
 */
export const samlAcs: MethodRoute = {
  path: samlPaths.acs,
  async handle(rc) {
    const { ctx, services, tenant, scope, mount } = rc;
    if (ctx.method === 'POST') {
      const form = await readForm(ctx, responseMaxBytes);
      const relayState = form.RelayState ?? '';
      if (!relayState || !form.SAMLResponse || !/^[A-Za-z0-9_-]{20,100}$/.test(relayState))
        throw messages.callbackExpired();
      // parked only for a sign-in in progress: nobody fills Redis with responses to nothing
      if ((await services.store.ttl(services.keys.samlFlow(scope, relayState))) < 0)
        throw messages.callbackExpired();
      await services.store.set(services.keys.samlResponse(scope, relayState), form.SAMLResponse, {
        onlyIfAbsent: true,
        ttlSeconds: postedTtlSeconds,
      });
      ctx.status = 303;
      ctx.redirect(`${mount.path}${samlPaths.acs}?state=${encodeURIComponent(relayState)}`);
      return;
    }
    if (ctx.method !== 'GET') throw methodNotAllowed(ctx.method);
    const taken = await takeBrowserFlow<SamlFlow>(ctx, services.store, samlPlace(mount), (state) =>
      services.keys.samlFlow(scope, state),
    );
    if (!taken) throw messages.callbackExpired();
    const flow = taken.value;
    const posted = await services.store.getAndDelete(
      services.keys.samlResponse(scope, taken.state),
    );
    const journey = await services.journeys.load(rc.provider, flow.uid);
    const rule = await findSamlRule(services, scope, flow.ruleId);
    if (!posted || journey.state !== samlStates.redirect || !rule) throw messages.callbackExpired();
    const guest = journey.guestId ? await services.guests.find(scope, journey.guestId) : undefined;
    const at = { rc, uid: flow.uid, journey, method: 'saml', guestId: guest?.id };
    try {
      const identity = await verifyResponse(
        rule,
        spEndpoints(mount),
        await spKey(services, tenant, scope),
        posted,
        flow.requestId,
      );
      const remember = Math.max(
        replayMinSeconds,
        Math.ceil(((identity.notOnOrAfter ?? 0) - services.clock.now()) / 1000) + 120,
      );
      const fresh = await services.store.set(
        services.keys.samlAssertion(
          scope,
          createHash('sha256').update(`${identity.issuer}\n${identity.assertionId}`).digest('hex'),
        ),
        '1',
        { onlyIfAbsent: true, ttlSeconds: remember },
      );
      if (!fresh) throw new FederationError('invalid_response', 'the assertion was already used');
      checkUpstreamIdentity(guest, identity);
      await upstreamVerified(at, samlStates.verified, {
        issuer: identity.issuer,
        subject: identity.subject,
      });
    } catch (error) {
      if (!(error instanceof FederationError)) throw error;
      let host = rule.idp.entityId;
      try {
        host = new URL(rule.idp.entityId).host;
      } catch {
        // an entity ID need not be a URL (urn:…)
      }
      await upstreamFailed(at, error, { issuer: rule.idp.entityId, host });
    }
  },
};

/** `{mount}/saml/metadata`: this tenant's SP metadata (entity ID, ACS, signing certificate). */
export const samlMetadata: MethodRoute = {
  path: samlPaths.metadata,
  async handle({ ctx, services, tenant, scope, mount }) {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') throw methodNotAllowed(ctx.method);
    ctx.type = 'application/samlmetadata+xml';
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = spMetadata(spEndpoints(mount), await spKey(services, tenant, scope));
  },
};
