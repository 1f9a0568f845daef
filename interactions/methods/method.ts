/**
 * The contract of a sign-in method, for method authors: the types live with the journey's
 * other contracts in interactions/step.ts (one file, so the layers have no cycle).
 */
export type {
  Blocked,
  MethodChoice,
  MethodRoute,
  ResolutionInput,
  Methods,
  SignInMethod,
} from '../step.js';
