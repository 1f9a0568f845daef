/** The library face of Guestpass: build the app from a Config and serve it your way. */
export { createApp, GuestpassApp } from './server/create-app.js';
export type { AppOptions } from './server/create-app.js';
export { loadConfig, ConfigError } from '../config/load-config.js';
export type { Config } from '../config/config.js';
