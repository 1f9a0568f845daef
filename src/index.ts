/**
 * The package entry. `createGuestpassPlugin` puts the guest journey on a node-oidc-provider
 * you run; `createApp` is the standalone multi-tenant server built on the same journey.
 */
export { createGuestpassPlugin } from './plugin/create-plugin.js';
export type { GuestpassPlugin, PluginMetrics } from './plugin/create-plugin.js';
export type { GuestpassPluginOptions } from './plugin/plugin-options.js';
export { PluginConfigurationError } from './plugin/journey-configuration.js';
export type { SignInMethod, MethodChoice, MethodRoute } from '../interactions/methods/method.js';
export { builtInMethods } from '../interactions/methods/registry.js';
export type { Step, StepContext, JourneyServices } from '../interactions/step.js';
export { finishSignIn } from '../interactions/steps/finish-sign-in.js';
export { GuestpassError } from './http/errors.js';
export { ManualClock, systemClock } from './util/clock.js';
export type { Clock } from './util/clock.js';
export { createApp, GuestpassApp } from './server/create-app.js';
export type { AppOptions } from './server/create-app.js';
export { loadConfig, ConfigError } from '../config/load-config.js';
export type { Config } from '../config/config.js';
