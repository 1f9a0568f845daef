import type { Format } from './format.js';

/*
 * The English catalog: the source of every key. Each entry is a sentence, or a function of
 * its parameters (and the language's Format for numbers, plurals and durations). The other
 * catalogs (de.ts, fr.ts, es.ts) are typed from this one, so a key missing there fails tsc.
 * To add a sentence: add it here, then in each other catalog.
 */
export const en = {
  // the page shell and mails
  'layout.support': (p: { contact: string }) => `Need help? ${p.contact}`,
  'layout.logo': (p: { organization: string }) => `${p.organization} logo`,
  'mail.sentBy': 'Sent by Guestpass.',

  // forms shared by the journey's pages
  'form.restart': 'Use a different email',
  'form.invalidEmail': 'Enter a valid email address, like name@example.com.',
  'form.codeFormat': (p: { length: number }) => `Enter the ${p.length}-digit code from the email.`,
  'form.codeWrong': (p: { triesLeft: number }, f: Format) =>
    `That code isn't right. You have ${f.plural(p.triesLeft, { one: '# try', other: '# tries' })} left.`,
  'form.codeExhausted': 'Too many wrong tries for this code. Send a new code.',
  'form.codeExpired': 'This code has expired. Send a new code.',
  'form.codeUsed': 'This code was already used to sign in. Send a new code to sign in again.',
  'form.codeCooldown': (p: { email: string; seconds: number }, f: Format) =>
    `Enter the code we sent to ${p.email}; you can ask for a new one in ${f.wait(p.seconds)}.`,
  'form.codeCapped': (p: { seconds: number }, f: Format) =>
    `You asked for too many codes. Try again in ${f.wait(p.seconds)}.`,
  'form.codeNotSent': (p: { email: string; organization: string }) =>
    `We couldn't send a code to ${p.email}. Try again in a few minutes, or ask ${p.organization} for help.`,
  'form.sendsPerIp': (p: { seconds: number }, f: Format) =>
    `Too many codes were requested from your network. Try again in ${f.wait(p.seconds)}.`,
  'form.verifiesPerIp': (p: { seconds: number }, f: Format) =>
    `Too many codes were tried from your network. Try again in ${f.wait(p.seconds)}.`,

  // identify
  'identify.title': 'Sign in',
  'identify.intro': (p: { organization: string }) =>
    `Enter the email address that ${p.organization} invited.`,
  'identify.email': 'Email address',
  'identify.next': 'Next',
  'identify.passkeyPrompt': 'Added a passkey on an earlier visit?',
  'identify.passkeyButton': 'Sign in with a passkey',

  // passcode
  'sendCode.title': 'Verify your email',
  'sendCode.intro': (p: { email: string; organization: string }) =>
    `We'll send a one-time code to ${p.email} so you can sign in to ${p.organization}.`,
  'sendCode.submit': 'Send code',
  'enterCode.title': 'Enter code',
  'enterCode.sent': (p: { email: string; ttlMinutes: number }, f: Format) =>
    `We sent a code to ${p.email}. It is valid for ${f.minutes(p.ttlMinutes)}.`,
  'enterCode.label': 'Code',
  'enterCode.submit': 'Sign in',
  'enterCode.resend': 'Send a new code',
  'enterCode.noCodeTitle': 'No code?',
  'enterCode.noCodeWait':
    'Mail can take a minute or two to arrive. Check your spam or junk folder too.',
  'enterCode.noCodeResendIn': (p: { seconds: number }, f: Format) =>
    `You can ask for a new code in ${f.wait(p.seconds)}.`,
  'enterCode.noCodeResendNow': 'You can ask for a new code below.',
  'enterCode.noCodeContact': (p: { organization: string }) =>
    `If no code arrives, check that the address is right, or contact ${p.organization} for help.`,

  // accept, and declining
  'accept.title': 'Accept invitation',
  'accept.invited': (p: { organization: string; email: string }) =>
    `${p.organization} invited ${p.email} as a guest.`,
  'accept.ifYouAccept': (p: { organization: string }) => `If you accept, ${p.organization} can:`,
  'accept.signIn': 'sign you in to its applications',
  'accept.read': 'read your name and email address',
  'accept.accept': 'Accept',
  'accept.cancel': 'Cancel',
  'declined.title': 'Invitation declined',
  'declined.text': (p: { organization: string }) =>
    `You declined the invitation from ${p.organization}. You are not signed in, and ${p.organization} did not receive your name or email address.`,
  'declined.next': 'You can close this window now, or go back to the application.',
  'declined.close': 'You can close this window now.',
  'declined.back': 'Go back to the application',
  'declined.mistake': (p: { organization: string }) =>
    `Declined by mistake? Review the invitation again, or ask ${p.organization} to send you a new one.`,
  'declined.review': 'Review the invitation again',

  // no way in
  'blocked.noMethodTitle': 'No sign-in method',
  'blocked.noMethod': (p: { organization: string; email: string }) =>
    `${p.organization} has no sign-in method for ${p.email}.`,
  'blocked.askHelp': (p: { organization: string }) =>
    `Ask the person at ${p.organization} who invited you for help. If you signed in before, they may need to invite you again.`,
  'blocked.turnedOffTitle': 'Sign-in method turned off',
  'blocked.turnedOff': (p: { organization: string; method: string }) =>
    `${p.organization} has turned off sign-in with a ${p.method}, the method your guest account uses.`,
  'blocked.inviteAgain': (p: { organization: string; email: string }) =>
    `Ask ${p.organization} to invite ${p.email} again.`,
  'method.otp': 'one-time code',
  'method.federation': "your organization's account",
  'method.saml': "your organization's account",
  'method.passkey': 'passkey',
  'method.other': 'method',

  // passkeys
  'passkey.signInTitle': 'Sign in with a passkey',
  'passkey.signInIntro': (p: { organization: string }) =>
    `Use the passkey you added for ${p.organization}: your device asks for your fingerprint, face or screen lock.`,
  'passkey.use': 'Use my passkey',
  'passkey.noneUsed': 'No passkey was used. Try again, or sign in with your email.',
  'passkey.notAccepted': 'That passkey did not sign you in. Try again, or sign in with your email.',
  'passkey.expired': 'The passkey request expired. Try again.',
  'passkey.manageTitle': 'Your passkeys',
  'passkey.added': 'Added',
  'passkey.lastUsed': 'Last used',
  'passkey.kind': 'Kind',
  'passkey.synced': 'synced',
  'passkey.thisDevice': 'this device',
  'passkey.remove': 'Remove',
  'passkey.removeLabel': (p: { n: number }) => `Remove passkey ${p.n}`,
  'passkey.none': (p: { organization: string }) =>
    `You have no passkeys for ${p.organization} yet.`,
  'passkey.signedInAs': (p: { email: string }) => `Signed in as ${p.email}.`,
  'passkey.offerTitle': 'Sign in faster next time',
  'passkey.addIntro':
    'Add a passkey: next time, choose “Sign in with a passkey” and unlock it with your fingerprint, face or screen lock — no code by mail.',
  'passkey.removeAnyTime': 'You can remove it at any time.',
  'passkey.add': 'Add a passkey',
  'passkey.noneAdded': 'No passkey was added. You can try again.',
  'passkey.noneAddedOffer': 'No passkey was added. You can try again, or continue without one.',
  'passkey.notNow': 'Not now',
  'passkey.notAdded': 'The passkey could not be added. Try again, or continue without one.',
  'passkey.noticeAdded': 'Passkey added. Next time, choose “Sign in with a passkey”.',
  'passkey.noticeRemoved': 'Passkey removed.',
  'passkey.errorFailed':
    'The passkey could not be added (the request expired or was refused). Try again.',
  'passkey.errorTaken': 'That passkey is already in use.',
  'passkey.signInFirst': (p: { organization: string }) =>
    `Sign in to an application of ${p.organization} first, then come back to this page.`,
  'passkey.turnedOff': (p: { organization: string }) =>
    `${p.organization} has turned passkeys off.`,
  'passkey.addIntroFederated':
    'Add a passkey: next time, choose “Sign in with a passkey” and unlock it with your fingerprint, face or screen lock — no address to type. Your organization’s sign-in still confirms it is you.',
  'passkey.notHere': (p: { address: string }) =>
    `Passkeys can’t be used at this address (${p.address}).`,

  // consent
  'consent.title': 'Allow access?',
  'consent.wouldLike': (p: { client: string }) => `${p.client} would like to:`,
  'consent.openid': 'sign you in',
  'consent.email': 'see your email address',
  'consent.profile': 'see your name',
  'consent.offline_access': 'stay signed in when you are not using it',
  'consent.allow': 'Allow',
  'consent.deny': 'Deny',

  // sign-out
  'logout.title': 'Sign out',
  'logout.question': (p: { organization: string }) =>
    `Do you want to sign out of ${p.organization}?`,
  'logout.yes': 'Yes, sign me out',
  'logout.no': 'No, stay signed in',
  'signedOut.title': 'Signed out',
  'signedOut.text': 'You have signed out. You can close this window.',

  // error pages: titles by status, when the error names none
  'status.400': 'This link is not valid',
  'status.401': 'Not signed in',
  'status.403': 'Not allowed',
  'status.404': 'Not found',
  'status.405': 'Not allowed',
  'status.409': 'Conflict',
  'status.413': 'Request too large',
  'status.429': 'Too many attempts',
  'status.502': 'Something went wrong',
  'status.503': 'Service unavailable',
  'status.other': 'Something went wrong',
  'error.code': 'Error code:',
  'error.unexpected': 'an unexpected error occurred',
  'error.unavailable': 'the service is unavailable right now; please try again in a moment',

  // errors of the journey (src/http/messages.ts)
  'error.locked.title': 'Too many attempts',
  'error.locked': (p: { seconds: number }, f: Format) =>
    `For your security, sign-in with a code is paused for this address. Try again in ${f.wait(p.seconds)}.`,
  'error.formRejected.title': 'Form not accepted',
  'error.formRejected':
    'This form did not come from this sign-in page, or the page is too old. Go back to the application and sign in again.',
  'error.tooManySignIns.title': 'Too many sign-ins',
  'error.tooManySignIns': (p: { seconds: number }, f: Format) =>
    `Too many sign-ins were started from your network. Try again in ${f.wait(p.seconds)}.`,
  'error.expired.title': 'Sign-in expired',
  'error.signInExpired':
    'This sign-in page has expired. Go back to the application and sign in again.',
  'error.callbackExpired':
    'This sign-in has expired or was already completed. Go back to the application and sign in again.',
  'error.invitationExpired': 'This sign-in has expired. Open the invitation link again.',
  'error.invitationInvalid.title': 'Invitation not valid',
  'error.invitationInvalid': (p: { organization: string }) =>
    `This invitation link is not valid or has expired. Ask ${p.organization} to send you a new invitation.`,
  'error.invitationOtherGuest':
    'This invitation belongs to another guest. Open it again to sign in as its guest.',
  'error.invitationNotAccepted.title': 'Invitation not accepted',
  'error.signInRequest.title': 'Sign-in error',
  'error.signInRequest': 'The sign-in request could not be completed.',
  'error.federation.title': 'Sign-in did not work',
  'error.federation.detail': (p: { host: string }) => `Identity provider: ${p.host}`,
  'error.federation.unreachable': (p: { organization: string }) =>
    `We couldn't reach your organization's sign-in service to sign you in to ${p.organization}. Try again in a few minutes.`,
  'error.federation.denied': (p: { organization: string }) =>
    `Signing in at your organization's sign-in service was cancelled or refused, so you are not signed in to ${p.organization}.`,
  'error.federation.invalid_response': (p: { organization: string }) =>
    `Your organization's sign-in service answered in a way we could not trust, so you are not signed in to ${p.organization}.`,
  'error.federation.email_unverified': (p: { organization: string }) =>
    `Your organization's sign-in service did not confirm your email address, so you can't sign in to ${p.organization} with it.`,
  'error.federation.email_mismatch': (p: { organization: string }) =>
    `The account you signed in with is not the address ${p.organization} invited. Sign in with the invited account.`,
  'error.federation.subject_mismatch': (p: { organization: string }) =>
    `The account you signed in with is not the one you accepted ${p.organization}'s invitation with.`,
  'error.federation.tenant_not_allowed': (p: { organization: string }) =>
    `The organization you signed in with is not one ${p.organization} accepts guests from. Sign in with your organization's own account.`,
  'error.federation.hosted_domain_mismatch': (p: { organization: string }) =>
    `The account you signed in with is not managed by the organization of your email address, so you can't sign in to ${p.organization} with it.`,

  // the code mail
  'codeMail.subject': (p: { organization: string }) => `Your ${p.organization} verification code`,
  'codeMail.heading': 'Account verification code',
  'codeMail.intro': (p: { organization: string; email: string }) =>
    `To sign in to ${p.organization} as a guest, use this code to verify ${p.email}:`,
  'codeMail.expires': (p: { ttlMinutes: number }, f: Format) =>
    `The code expires in ${f.minutes(p.ttlMinutes)}. After that, ask for a new one on the sign-in page.`,
  'codeMail.why': (p: { organization: string }) =>
    `${p.organization} asked for this code when someone signed in with your email address.`,
  'codeMail.ignore': "If you didn't request a code, you can ignore this email.",

  // the invitation mail
  'inviteMail.subject': (p: { organization: string }) => `${p.organization} invited you`,
  'inviteMail.hello': 'Hello,',
  'inviteMail.helloName': (p: { name: string }) => `Hello ${p.name},`,
  'inviteMail.intro': (p: { organization: string }) =>
    `${p.organization} invited you to sign in to their apps as a guest.`,
  'inviteMail.acceptLine': 'Accept the invitation:',
  'inviteMail.button': 'Accept invitation',
  'inviteMail.howCode': (p: { email: string }) =>
    `When you sign in, we'll send a one-time code to ${p.email} to confirm it's you.`,
  'inviteMail.howFederated': (p: { email: string }) =>
    `When you sign in, you'll use your own organization's account for ${p.email}.`,
  'inviteMail.howOther': (p: { method: string }) =>
    `When you sign in, you'll be asked to confirm it's you (${p.method}).`,
  'inviteMail.howAny': (p: { email: string }) =>
    `When you sign in, you'll be asked to confirm that ${p.email} is yours.`,
  'inviteMail.fallback': 'If the button does not work, open this link:',
  'inviteMail.caution':
    "Only accept invitations from organizations you know. If you weren't expecting this invitation, you can ignore this email.",
} as const;
