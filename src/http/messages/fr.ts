import type { Catalog } from './catalog.js';

/** French (vouvoiement). */
export const fr: Catalog = {
  'layout.support': (p) => `Besoin d’aide ? ${p.contact}`,
  'layout.logo': (p) => `Logo de ${p.organization}`,
  'mail.sentBy': 'Envoyé par Guestpass.',

  'form.restart': 'Utiliser une autre adresse e-mail',
  'form.invalidEmail': 'Saisissez une adresse e-mail valide, par exemple nom@example.com.',
  'form.codeFormat': (p) => `Saisissez le code à ${p.length} chiffres reçu par e-mail.`,
  'form.codeWrong': (p, f) =>
    `Ce code n’est pas correct. Il vous reste ${f.plural(p.triesLeft, { one: '# essai', other: '# essais' })}.`,
  'form.codeExhausted': 'Trop d’essais incorrects pour ce code. Demandez un nouveau code.',
  'form.codeExpired': 'Ce code a expiré. Demandez un nouveau code.',
  'form.codeUsed':
    'Ce code a déjà servi à vous connecter. Demandez un nouveau code pour vous connecter à nouveau.',
  'form.codeCooldown': (p, f) =>
    `Saisissez le code envoyé à ${p.email} ; vous pourrez en demander un nouveau dans ${f.wait(p.seconds)}.`,
  'form.codeCapped': (p, f) =>
    `Vous avez demandé trop de codes. Réessayez dans ${f.wait(p.seconds)}.`,
  'form.codeNotSent': (p) =>
    `Nous n’avons pas pu envoyer de code à ${p.email}. Réessayez dans quelques minutes, ou demandez de l’aide à ${p.organization}.`,
  'form.sendsPerIp': (p, f) =>
    `Trop de codes ont été demandés depuis votre réseau. Réessayez dans ${f.wait(p.seconds)}.`,
  'form.verifiesPerIp': (p, f) =>
    `Trop de codes ont été essayés depuis votre réseau. Réessayez dans ${f.wait(p.seconds)}.`,

  'identify.title': 'Connexion',
  'identify.intro': (p) => `Saisissez l’adresse e-mail que ${p.organization} a invitée.`,
  'identify.email': 'Adresse e-mail',
  'identify.next': 'Suivant',
  'identify.passkeyPrompt': 'Vous avez ajouté une clé d’accès lors d’une visite précédente ?',
  'identify.passkeyButton': 'Se connecter avec une clé d’accès',

  'sendCode.title': 'Vérifiez votre adresse e-mail',
  'sendCode.intro': (p) =>
    `Nous allons envoyer un code à usage unique à ${p.email} pour que vous puissiez vous connecter à ${p.organization}.`,
  'sendCode.submit': 'Envoyer le code',
  'enterCode.title': 'Saisissez le code',
  'enterCode.sent': (p, f) =>
    `Nous avons envoyé un code à ${p.email}. Il est valable ${f.minutes(p.ttlMinutes)}.`,
  'enterCode.label': 'Code',
  'enterCode.submit': 'Se connecter',
  'enterCode.resend': 'Envoyer un nouveau code',
  'enterCode.noCodeTitle': 'Pas de code ?',
  'enterCode.noCodeWait':
    'Un e-mail peut mettre une ou deux minutes à arriver. Vérifiez aussi votre dossier de courrier indésirable.',
  'enterCode.noCodeResendIn': (p, f) =>
    `Vous pourrez demander un nouveau code dans ${f.wait(p.seconds)}.`,
  'enterCode.noCodeResendNow': 'Vous pouvez demander un nouveau code ci-dessous.',
  'enterCode.noCodeContact': (p) =>
    `Si aucun code n’arrive, vérifiez l’adresse ou contactez ${p.organization}.`,

  'accept.title': 'Accepter l’invitation',
  'accept.invited': (p) => `${p.organization} a invité ${p.email} en tant qu’invité.`,
  'accept.ifYouAccept': (p) => `Si vous acceptez, ${p.organization} pourra :`,
  'accept.signIn': 'vous connecter à ses applications',
  'accept.read': 'lire votre nom et votre adresse e-mail',
  'accept.accept': 'Accepter',
  'accept.cancel': 'Annuler',
  'declined.title': 'Invitation refusée',
  'declined.text': (p) =>
    `Vous avez refusé l’invitation de ${p.organization}. Vous n’êtes pas connecté, et ${p.organization} n’a reçu ni votre nom ni votre adresse e-mail.`,
  'declined.next': 'Vous pouvez maintenant fermer cette fenêtre, ou revenir à l’application.',
  'declined.close': 'Vous pouvez maintenant fermer cette fenêtre.',
  'declined.back': 'Revenir à l’application',
  'declined.mistake': (p) =>
    `Refusée par erreur ? Consultez à nouveau l’invitation, ou demandez à ${p.organization} de vous en envoyer une nouvelle.`,
  'declined.review': 'Consulter à nouveau l’invitation',

  'blocked.noMethodTitle': 'Aucune méthode de connexion',
  'blocked.noMethod': (p) => `${p.organization} n’a aucune méthode de connexion pour ${p.email}.`,
  'blocked.askHelp': (p) =>
    `Demandez de l’aide à la personne de ${p.organization} qui vous a invité. Si vous vous êtes déjà connecté, elle devra peut-être vous inviter à nouveau.`,
  'blocked.turnedOffTitle': 'Méthode de connexion désactivée',
  'blocked.turnedOff': (p) =>
    `${p.organization} a désactivé la connexion par ${p.method}, la méthode qu’utilise votre compte invité.`,
  'blocked.inviteAgain': (p) => `Demandez à ${p.organization} d’inviter à nouveau ${p.email}.`,
  'method.otp': 'code à usage unique',
  'method.federation': 'le compte de votre organisation',
  'method.saml': 'le compte de votre organisation',
  'method.passkey': 'clé d’accès',
  'method.other': 'cette méthode',

  'passkey.signInTitle': 'Se connecter avec une clé d’accès',
  'passkey.signInIntro': (p) =>
    `Utilisez la clé d’accès que vous avez ajoutée pour ${p.organization} : votre appareil vous demande votre empreinte, votre visage ou le verrouillage de l’écran.`,
  'passkey.use': 'Utiliser ma clé d’accès',
  'passkey.noneUsed':
    'Aucune clé d’accès n’a été utilisée. Réessayez, ou connectez-vous avec votre adresse e-mail.',
  'passkey.notAccepted':
    'Cette clé d’accès ne vous a pas connecté. Réessayez, ou connectez-vous avec votre adresse e-mail.',
  'passkey.expired': 'La demande de clé d’accès a expiré. Réessayez.',
  'passkey.manageTitle': 'Vos clés d’accès',
  'passkey.added': 'Ajoutée',
  'passkey.lastUsed': 'Dernière utilisation',
  'passkey.kind': 'Type',
  'passkey.synced': 'synchronisée',
  'passkey.thisDevice': 'cet appareil',
  'passkey.remove': 'Supprimer',
  'passkey.removeLabel': (p) => `Supprimer la clé d’accès ${p.n}`,
  'passkey.none': (p) => `Vous n’avez pas encore de clé d’accès pour ${p.organization}.`,
  'passkey.signedInAs': (p) => `Connecté en tant que ${p.email}.`,
  'passkey.offerTitle': 'Connectez-vous plus vite la prochaine fois',
  'passkey.addIntro':
    'Ajoutez une clé d’accès : la prochaine fois, choisissez « Se connecter avec une clé d’accès » et déverrouillez-la avec votre empreinte, votre visage ou le verrouillage de l’écran — sans code par e-mail.',
  'passkey.removeAnyTime': 'Vous pouvez la supprimer à tout moment.',
  'passkey.add': 'Ajouter une clé d’accès',
  'passkey.noneAdded': 'Aucune clé d’accès n’a été ajoutée. Vous pouvez réessayer.',
  'passkey.noneAddedOffer':
    'Aucune clé d’accès n’a été ajoutée. Vous pouvez réessayer, ou continuer sans.',
  'passkey.notNow': 'Pas maintenant',
  'passkey.notAdded': 'La clé d’accès n’a pas pu être ajoutée. Réessayez, ou continuez sans.',
  'passkey.noticeAdded':
    'Clé d’accès ajoutée. La prochaine fois, choisissez « Se connecter avec une clé d’accès ».',
  'passkey.noticeRemoved': 'Clé d’accès supprimée.',
  'passkey.errorFailed':
    'La clé d’accès n’a pas pu être ajoutée (la demande a expiré ou a été refusée). Réessayez.',
  'passkey.errorTaken': 'Cette clé d’accès est déjà utilisée.',
  'passkey.signInFirst': (p) =>
    `Connectez-vous d’abord à une application de ${p.organization}, puis revenez sur cette page.`,
  'passkey.turnedOff': (p) => `${p.organization} a désactivé les clés d’accès.`,
  'passkey.addIntroFederated':
    'Ajoutez une clé d’accès : la prochaine fois, choisissez « Se connecter avec une clé d’accès » et déverrouillez-la avec votre empreinte, votre visage ou le verrouillage de l’écran — sans saisir votre adresse. La connexion de votre organisation confirme toujours que c’est bien vous.',
  'passkey.notHere': (p) =>
    `Les clés d’accès ne peuvent pas être utilisées à cette adresse (${p.address}).`,

  'consent.title': 'Autoriser l’accès ?',
  'consent.wouldLike': (p) => `${p.client} souhaite :`,
  'consent.openid': 'vous connecter',
  'consent.email': 'voir votre adresse e-mail',
  'consent.profile': 'voir votre nom',
  'consent.offline_access': 'vous garder connecté lorsque vous ne l’utilisez pas',
  'consent.allow': 'Autoriser',
  'consent.deny': 'Refuser',

  'logout.title': 'Déconnexion',
  'logout.question': (p) => `Voulez-vous vous déconnecter de ${p.organization} ?`,
  'logout.yes': 'Oui, me déconnecter',
  'logout.no': 'Non, rester connecté',
  'signedOut.title': 'Déconnecté',
  'signedOut.text': 'Vous êtes déconnecté. Vous pouvez fermer cette fenêtre.',

  'status.400': 'Ce lien n’est pas valide',
  'status.401': 'Non connecté',
  'status.403': 'Non autorisé',
  'status.404': 'Introuvable',
  'status.405': 'Non autorisé',
  'status.409': 'Conflit',
  'status.413': 'Requête trop volumineuse',
  'status.429': 'Trop de tentatives',
  'status.502': 'Un problème est survenu',
  'status.503': 'Service indisponible',
  'status.other': 'Un problème est survenu',
  'error.code': 'Code d’erreur :',
  'error.unexpected': 'Une erreur inattendue s’est produite.',
  'error.unavailable': 'Le service est indisponible pour le moment ; réessayez dans un instant.',

  'error.locked.title': 'Trop de tentatives',
  'error.locked': (p, f) =>
    `Pour votre sécurité, la connexion par code est suspendue pour cette adresse. Réessayez dans ${f.wait(p.seconds)}.`,
  'error.formRejected.title': 'Formulaire refusé',
  'error.formRejected':
    'Ce formulaire ne provient pas de cette page de connexion, ou la page est trop ancienne. Revenez à l’application et connectez-vous à nouveau.',
  'error.tooManySignIns.title': 'Trop de connexions',
  'error.tooManySignIns': (p, f) =>
    `Trop de connexions ont été lancées depuis votre réseau. Réessayez dans ${f.wait(p.seconds)}.`,
  'error.expired.title': 'Connexion expirée',
  'error.signInExpired':
    'Cette page de connexion a expiré. Revenez à l’application et connectez-vous à nouveau.',
  'error.callbackExpired':
    'Cette connexion a expiré ou est déjà terminée. Revenez à l’application et connectez-vous à nouveau.',
  'error.invitationExpired': 'Cette connexion a expiré. Ouvrez à nouveau le lien d’invitation.',
  'error.invitationInvalid.title': 'Invitation non valide',
  'error.invitationInvalid': (p) =>
    `Ce lien d’invitation n’est pas valide ou a expiré. Demandez à ${p.organization} de vous envoyer une nouvelle invitation.`,
  'error.invitationOtherGuest':
    'Cette invitation appartient à un autre invité. Ouvrez-la à nouveau pour vous connecter en tant que cet invité.',
  'error.invitationNotAccepted.title': 'Invitation non acceptée',
  'error.signInRequest.title': 'Erreur de connexion',
  'error.signInRequest': 'La demande de connexion n’a pas pu aboutir.',
  'error.federation.title': 'La connexion n’a pas fonctionné',
  'error.federation.detail': (p) => `Fournisseur d’identité : ${p.host}`,
  'error.federation.unreachable': (p) =>
    `Nous n’avons pas pu joindre le service de connexion de votre organisation pour vous connecter à ${p.organization}. Réessayez dans quelques minutes.`,
  'error.federation.denied': (p) =>
    `La connexion au service de votre organisation a été annulée ou refusée : vous n’êtes pas connecté à ${p.organization}.`,
  'error.federation.invalid_response': (p) =>
    `Le service de connexion de votre organisation a répondu d’une manière à laquelle nous ne pouvons pas nous fier : vous n’êtes pas connecté à ${p.organization}.`,
  'error.federation.email_unverified': (p) =>
    `Le service de connexion de votre organisation n’a pas confirmé votre adresse e-mail : vous ne pouvez pas vous connecter à ${p.organization} avec elle.`,
  'error.federation.email_mismatch': (p) =>
    `Le compte avec lequel vous vous êtes connecté n’est pas l’adresse invitée par ${p.organization}. Connectez-vous avec le compte invité.`,
  'error.federation.subject_mismatch': (p) =>
    `Le compte avec lequel vous vous êtes connecté n’est pas celui avec lequel vous avez accepté l’invitation de ${p.organization}.`,
  'error.federation.tenant_not_allowed': (p) =>
    `${p.organization} n’accepte pas d’invités de l’organisation avec laquelle vous vous êtes connecté. Connectez-vous avec le compte de votre propre organisation.`,
  'error.federation.hosted_domain_mismatch': (p) =>
    `Le compte avec lequel vous vous êtes connecté n’est pas géré par l’organisation de votre adresse e-mail : vous ne pouvez pas vous connecter à ${p.organization} avec lui.`,

  'codeMail.subject': (p) => `Votre code de vérification ${p.organization}`,
  'codeMail.heading': 'Code de vérification du compte',
  'codeMail.intro': (p) =>
    `Pour vous connecter à ${p.organization} en tant qu’invité, utilisez ce code pour vérifier ${p.email} :`,
  'codeMail.expires': (p, f) =>
    `Le code expire dans ${f.minutes(p.ttlMinutes)}. Ensuite, demandez-en un nouveau sur la page de connexion.`,
  'codeMail.why': (p) =>
    `${p.organization} a demandé ce code lorsque quelqu’un s’est connecté avec votre adresse e-mail.`,
  'codeMail.ignore': 'Si vous n’avez pas demandé de code, vous pouvez ignorer cet e-mail.',

  'inviteMail.subject': (p) => `${p.organization} vous a invité`,
  'inviteMail.hello': 'Bonjour,',
  'inviteMail.helloName': (p) => `Bonjour ${p.name},`,
  'inviteMail.intro': (p) =>
    `${p.organization} vous a invité à vous connecter à ses applications en tant qu’invité.`,
  'inviteMail.acceptLine': 'Accepter l’invitation :',
  'inviteMail.button': 'Accepter l’invitation',
  'inviteMail.howCode': (p) =>
    `Lors de votre connexion, nous enverrons un code à usage unique à ${p.email} pour confirmer qu’il s’agit bien de vous.`,
  'inviteMail.howFederated': (p) =>
    `Lors de votre connexion, vous utiliserez le compte de votre propre organisation pour ${p.email}.`,
  'inviteMail.howOther': (p) =>
    `Lors de votre connexion, il vous sera demandé de confirmer qu’il s’agit bien de vous (${p.method}).`,
  'inviteMail.howAny': (p) =>
    `Lors de votre connexion, il vous sera demandé de confirmer que ${p.email} vous appartient.`,
  'inviteMail.fallback': 'Si le bouton ne fonctionne pas, ouvrez ce lien :',
  'inviteMail.caution':
    'N’acceptez que les invitations d’organisations que vous connaissez. Si vous n’attendiez pas cette invitation, vous pouvez ignorer cet e-mail.',
};
