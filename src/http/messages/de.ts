import type { Catalog } from './catalog.js';

/** German (Sie-Form, as business software addresses guests). */
export const de: Catalog = {
  'layout.support': (p) => `Brauchen Sie Hilfe? ${p.contact}`,
  'layout.logo': (p) => `Logo von ${p.organization}`,
  'mail.sentBy': 'Gesendet von Guestpass.',

  'form.restart': 'Andere E-Mail-Adresse verwenden',
  'form.invalidEmail': 'Geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.com.',
  'form.codeFormat': (p) => `Geben Sie den ${p.length}-stelligen Code aus der E-Mail ein.`,
  'form.codeWrong': (p, f) =>
    `Dieser Code stimmt nicht. Sie haben noch ${f.plural(p.triesLeft, { one: '# Versuch', other: '# Versuche' })}.`,
  'form.codeExhausted':
    'Zu viele falsche Versuche für diesen Code. Fordern Sie einen neuen Code an.',
  'form.codeExpired': 'Dieser Code ist abgelaufen. Fordern Sie einen neuen Code an.',
  'form.codeUsed':
    'Dieser Code wurde bereits zur Anmeldung verwendet. Fordern Sie einen neuen Code an, um sich erneut anzumelden.',
  'form.codeCooldown': (p, f) =>
    `Geben Sie den Code ein, den wir an ${p.email} gesendet haben; einen neuen können Sie in ${f.wait(p.seconds)} anfordern.`,
  'form.codeCapped': (p, f) =>
    `Sie haben zu viele Codes angefordert. Versuchen Sie es in ${f.wait(p.seconds)} erneut.`,
  'form.codeNotSent': (p) =>
    `Wir konnten keinen Code an ${p.email} senden. Versuchen Sie es in einigen Minuten erneut, oder bitten Sie ${p.organization} um Hilfe.`,
  'form.sendsPerIp': (p, f) =>
    `Aus Ihrem Netzwerk wurden zu viele Codes angefordert. Versuchen Sie es in ${f.wait(p.seconds)} erneut.`,
  'form.verifiesPerIp': (p, f) =>
    `Aus Ihrem Netzwerk wurden zu viele Codes ausprobiert. Versuchen Sie es in ${f.wait(p.seconds)} erneut.`,

  'identify.title': 'Anmelden',
  'identify.intro': (p) =>
    `Geben Sie die E-Mail-Adresse ein, die ${p.organization} eingeladen hat.`,
  'identify.email': 'E-Mail-Adresse',
  'identify.next': 'Weiter',
  'identify.passkeyPrompt': 'Haben Sie bei einem früheren Besuch einen Passkey hinzugefügt?',
  'identify.passkeyButton': 'Mit einem Passkey anmelden',

  'sendCode.title': 'E-Mail-Adresse bestätigen',
  'sendCode.intro': (p) =>
    `Wir senden einen Einmalcode an ${p.email}, damit Sie sich bei ${p.organization} anmelden können.`,
  'sendCode.submit': 'Code senden',
  'enterCode.title': 'Code eingeben',
  'enterCode.sent': (p, f) =>
    `Wir haben einen Code an ${p.email} gesendet. Er ist ${f.minutes(p.ttlMinutes)} lang gültig.`,
  'enterCode.label': 'Code',
  'enterCode.submit': 'Anmelden',
  'enterCode.resend': 'Neuen Code senden',
  'enterCode.noCodeTitle': 'Kein Code?',
  'enterCode.noCodeWait':
    'Eine E-Mail kann ein bis zwei Minuten brauchen. Sehen Sie auch im Spam- oder Junk-Ordner nach.',
  'enterCode.noCodeResendIn': (p, f) =>
    `Einen neuen Code können Sie in ${f.wait(p.seconds)} anfordern.`,
  'enterCode.noCodeResendNow': 'Unten können Sie einen neuen Code anfordern.',
  'enterCode.noCodeContact': (p) =>
    `Wenn kein Code ankommt, prüfen Sie die Adresse oder wenden Sie sich an ${p.organization}.`,

  'accept.title': 'Einladung annehmen',
  'accept.invited': (p) => `${p.organization} hat ${p.email} als Gast eingeladen.`,
  'accept.ifYouAccept': (p) => `Wenn Sie annehmen, kann ${p.organization}:`,
  'accept.signIn': 'Sie bei seinen Anwendungen anmelden',
  'accept.read': 'Ihren Namen und Ihre E-Mail-Adresse lesen',
  'accept.accept': 'Annehmen',
  'accept.cancel': 'Abbrechen',
  'declined.title': 'Einladung abgelehnt',
  'declined.text': (p) =>
    `Sie haben die Einladung von ${p.organization} abgelehnt. Sie sind nicht angemeldet, und ${p.organization} hat weder Ihren Namen noch Ihre E-Mail-Adresse erhalten.`,
  'declined.next': 'Sie können dieses Fenster jetzt schließen oder zur Anwendung zurückkehren.',
  'declined.close': 'Sie können dieses Fenster jetzt schließen.',
  'declined.back': 'Zurück zur Anwendung',
  'declined.mistake': (p) =>
    `Versehentlich abgelehnt? Sehen Sie sich die Einladung noch einmal an, oder bitten Sie ${p.organization} um eine neue.`,
  'declined.review': 'Einladung noch einmal ansehen',

  'blocked.noMethodTitle': 'Keine Anmeldemethode',
  'blocked.noMethod': (p) => `${p.organization} hat keine Anmeldemethode für ${p.email}.`,
  'blocked.askHelp': (p) =>
    `Bitten Sie die Person bei ${p.organization}, die Sie eingeladen hat, um Hilfe. Wenn Sie sich schon einmal angemeldet haben, muss sie Sie eventuell erneut einladen.`,
  'blocked.turnedOffTitle': 'Anmeldemethode abgeschaltet',
  'blocked.turnedOff': (p) =>
    `${p.organization} hat die Anmeldung mit ${p.method} abgeschaltet, der Methode Ihres Gastkontos.`,
  'blocked.inviteAgain': (p) => `Bitten Sie ${p.organization}, ${p.email} erneut einzuladen.`,
  'method.otp': 'Einmalcode',
  'method.federation': 'dem Konto Ihrer Organisation',
  'method.saml': 'dem Konto Ihrer Organisation',
  'method.passkey': 'Passkey',
  'method.other': 'dieser Methode',

  'passkey.signInTitle': 'Mit einem Passkey anmelden',
  'passkey.signInIntro': (p) =>
    `Verwenden Sie den Passkey, den Sie für ${p.organization} hinzugefügt haben: Ihr Gerät fragt nach Fingerabdruck, Gesicht oder Bildschirmsperre.`,
  'passkey.use': 'Meinen Passkey verwenden',
  'passkey.noneUsed':
    'Es wurde kein Passkey verwendet. Versuchen Sie es erneut, oder melden Sie sich mit Ihrer E-Mail-Adresse an.',
  'passkey.notAccepted':
    'Mit diesem Passkey konnten Sie nicht angemeldet werden. Versuchen Sie es erneut, oder melden Sie sich mit Ihrer E-Mail-Adresse an.',
  'passkey.expired': 'Die Passkey-Anfrage ist abgelaufen. Versuchen Sie es erneut.',
  'passkey.manageTitle': 'Ihre Passkeys',
  'passkey.added': 'Hinzugefügt',
  'passkey.lastUsed': 'Zuletzt verwendet',
  'passkey.kind': 'Art',
  'passkey.synced': 'synchronisiert',
  'passkey.thisDevice': 'dieses Gerät',
  'passkey.remove': 'Entfernen',
  'passkey.removeLabel': (p) => `Passkey ${p.n} entfernen`,
  'passkey.none': (p) => `Sie haben noch keine Passkeys für ${p.organization}.`,
  'passkey.signedInAs': (p) => `Angemeldet als ${p.email}.`,
  'passkey.offerTitle': 'Beim nächsten Mal schneller anmelden',
  'passkey.addIntro':
    'Fügen Sie einen Passkey hinzu: Wählen Sie beim nächsten Mal „Mit einem Passkey anmelden“ und entsperren Sie ihn mit Fingerabdruck, Gesicht oder Bildschirmsperre – ohne Code per E-Mail.',
  'passkey.removeAnyTime': 'Sie können ihn jederzeit entfernen.',
  'passkey.add': 'Passkey hinzufügen',
  'passkey.noneAdded': 'Es wurde kein Passkey hinzugefügt. Sie können es erneut versuchen.',
  'passkey.noneAddedOffer':
    'Es wurde kein Passkey hinzugefügt. Sie können es erneut versuchen oder ohne Passkey fortfahren.',
  'passkey.notNow': 'Jetzt nicht',
  'passkey.notAdded':
    'Der Passkey konnte nicht hinzugefügt werden. Versuchen Sie es erneut, oder fahren Sie ohne Passkey fort.',
  'passkey.noticeAdded':
    'Passkey hinzugefügt. Wählen Sie beim nächsten Mal „Mit einem Passkey anmelden“.',
  'passkey.noticeRemoved': 'Passkey entfernt.',
  'passkey.errorFailed':
    'Der Passkey konnte nicht hinzugefügt werden (die Anfrage ist abgelaufen oder wurde abgelehnt). Versuchen Sie es erneut.',
  'passkey.errorTaken': 'Dieser Passkey wird bereits verwendet.',
  'passkey.signInFirst': (p) =>
    `Melden Sie sich zuerst bei einer Anwendung von ${p.organization} an, und kehren Sie dann zu dieser Seite zurück.`,
  'passkey.turnedOff': (p) => `${p.organization} hat Passkeys abgeschaltet.`,
  'passkey.addIntroFederated':
    'Fügen Sie einen Passkey hinzu: Wählen Sie beim nächsten Mal „Mit einem Passkey anmelden“ und entsperren Sie ihn mit Fingerabdruck, Gesicht oder Bildschirmsperre – ohne Ihre Adresse einzugeben. Die Anmeldung Ihrer Organisation bestätigt weiterhin, dass Sie es sind.',
  'passkey.notHere': (p) =>
    `Passkeys können unter dieser Adresse nicht verwendet werden (${p.address}).`,

  'consent.title': 'Zugriff erlauben?',
  'consent.wouldLike': (p) => `${p.client} möchte:`,
  'consent.openid': 'Sie anmelden',
  'consent.email': 'Ihre E-Mail-Adresse sehen',
  'consent.profile': 'Ihren Namen sehen',
  'consent.offline_access': 'Sie angemeldet lassen, wenn Sie die Anwendung nicht verwenden',
  'consent.allow': 'Erlauben',
  'consent.deny': 'Ablehnen',

  'logout.title': 'Abmelden',
  'logout.question': (p) => `Möchten Sie sich von ${p.organization} abmelden?`,
  'logout.yes': 'Ja, abmelden',
  'logout.no': 'Nein, angemeldet bleiben',
  'signedOut.title': 'Abgemeldet',
  'signedOut.text': 'Sie haben sich abgemeldet. Sie können dieses Fenster schließen.',

  'status.400': 'Dieser Link ist ungültig',
  'status.401': 'Nicht angemeldet',
  'status.403': 'Nicht erlaubt',
  'status.404': 'Nicht gefunden',
  'status.405': 'Nicht erlaubt',
  'status.409': 'Konflikt',
  'status.413': 'Anfrage zu groß',
  'status.429': 'Zu viele Versuche',
  'status.502': 'Etwas ist schiefgelaufen',
  'status.503': 'Dienst nicht verfügbar',
  'status.other': 'Etwas ist schiefgelaufen',
  'error.code': 'Fehlercode:',
  'error.unexpected': 'Ein unerwarteter Fehler ist aufgetreten.',
  'error.unavailable':
    'Der Dienst ist gerade nicht verfügbar. Bitte versuchen Sie es gleich noch einmal.',

  'error.locked.title': 'Zu viele Versuche',
  'error.locked': (p, f) =>
    `Zu Ihrer Sicherheit ist die Anmeldung mit einem Code für diese Adresse angehalten. Versuchen Sie es in ${f.wait(p.seconds)} erneut.`,
  'error.formRejected.title': 'Formular nicht angenommen',
  'error.formRejected':
    'Dieses Formular stammt nicht von dieser Anmeldeseite, oder die Seite ist zu alt. Kehren Sie zur Anwendung zurück und melden Sie sich erneut an.',
  'error.tooManySignIns.title': 'Zu viele Anmeldungen',
  'error.tooManySignIns': (p, f) =>
    `Aus Ihrem Netzwerk wurden zu viele Anmeldungen gestartet. Versuchen Sie es in ${f.wait(p.seconds)} erneut.`,
  'error.expired.title': 'Anmeldung abgelaufen',
  'error.signInExpired':
    'Diese Anmeldeseite ist abgelaufen. Kehren Sie zur Anwendung zurück und melden Sie sich erneut an.',
  'error.callbackExpired':
    'Diese Anmeldung ist abgelaufen oder wurde bereits abgeschlossen. Kehren Sie zur Anwendung zurück und melden Sie sich erneut an.',
  'error.invitationExpired':
    'Diese Anmeldung ist abgelaufen. Öffnen Sie den Einladungslink noch einmal.',
  'error.invitationInvalid.title': 'Einladung ungültig',
  'error.invitationInvalid': (p) =>
    `Dieser Einladungslink ist ungültig oder abgelaufen. Bitten Sie ${p.organization}, Ihnen eine neue Einladung zu senden.`,
  'error.invitationOtherGuest':
    'Diese Einladung gehört zu einem anderen Gast. Öffnen Sie sie erneut, um sich als dieser Gast anzumelden.',
  'error.invitationNotAccepted.title': 'Einladung nicht angenommen',
  'error.signInRequest.title': 'Anmeldefehler',
  'error.signInRequest': 'Die Anmeldeanfrage konnte nicht abgeschlossen werden.',
  'error.federation.title': 'Die Anmeldung hat nicht funktioniert',
  'error.federation.detail': (p) => `Identitätsanbieter: ${p.host}`,
  'error.federation.unreachable': (p) =>
    `Wir konnten den Anmeldedienst Ihrer Organisation nicht erreichen, um Sie bei ${p.organization} anzumelden. Versuchen Sie es in einigen Minuten erneut.`,
  'error.federation.denied': (p) =>
    `Die Anmeldung beim Anmeldedienst Ihrer Organisation wurde abgebrochen oder abgelehnt, daher sind Sie nicht bei ${p.organization} angemeldet.`,
  'error.federation.invalid_response': (p) =>
    `Der Anmeldedienst Ihrer Organisation hat so geantwortet, dass wir ihm nicht vertrauen konnten, daher sind Sie nicht bei ${p.organization} angemeldet.`,
  'error.federation.email_unverified': (p) =>
    `Der Anmeldedienst Ihrer Organisation hat Ihre E-Mail-Adresse nicht bestätigt, daher können Sie sich damit nicht bei ${p.organization} anmelden.`,
  'error.federation.email_mismatch': (p) =>
    `Das Konto, mit dem Sie sich angemeldet haben, ist nicht die Adresse, die ${p.organization} eingeladen hat. Melden Sie sich mit dem eingeladenen Konto an.`,
  'error.federation.subject_mismatch': (p) =>
    `Das Konto, mit dem Sie sich angemeldet haben, ist nicht das, mit dem Sie die Einladung von ${p.organization} angenommen haben.`,
  'error.federation.tenant_not_allowed': (p) =>
    `${p.organization} nimmt keine Gäste der Organisation an, mit der Sie sich angemeldet haben. Melden Sie sich mit dem eigenen Konto Ihrer Organisation an.`,
  'error.federation.hosted_domain_mismatch': (p) =>
    `Das Konto, mit dem Sie sich angemeldet haben, wird nicht von der Organisation Ihrer E-Mail-Adresse verwaltet, daher können Sie sich damit nicht bei ${p.organization} anmelden.`,

  'codeMail.subject': (p) => `Ihr Bestätigungscode für ${p.organization}`,
  'codeMail.heading': 'Bestätigungscode für Ihr Konto',
  'codeMail.intro': (p) =>
    `Um sich als Gast bei ${p.organization} anzumelden, bestätigen Sie ${p.email} mit diesem Code:`,
  'codeMail.expires': (p, f) =>
    `Der Code läuft in ${f.minutes(p.ttlMinutes)} ab. Danach können Sie auf der Anmeldeseite einen neuen anfordern.`,
  'codeMail.why': (p) =>
    `${p.organization} hat diesen Code angefordert, als sich jemand mit Ihrer E-Mail-Adresse angemeldet hat.`,
  'codeMail.ignore': 'Wenn Sie keinen Code angefordert haben, können Sie diese E-Mail ignorieren.',

  'inviteMail.subject': (p) => `${p.organization} hat Sie eingeladen`,
  'inviteMail.hello': 'Hallo,',
  'inviteMail.helloName': (p) => `Hallo ${p.name},`,
  'inviteMail.intro': (p) =>
    `${p.organization} hat Sie eingeladen, sich als Gast bei seinen Anwendungen anzumelden.`,
  'inviteMail.acceptLine': 'Einladung annehmen:',
  'inviteMail.button': 'Einladung annehmen',
  'inviteMail.howCode': (p) =>
    `Wenn Sie sich anmelden, senden wir einen Einmalcode an ${p.email}, um zu bestätigen, dass Sie es sind.`,
  'inviteMail.howFederated': (p) =>
    `Wenn Sie sich anmelden, verwenden Sie das Konto Ihrer eigenen Organisation für ${p.email}.`,
  'inviteMail.howOther': (p) =>
    `Wenn Sie sich anmelden, werden Sie gebeten zu bestätigen, dass Sie es sind (${p.method}).`,
  'inviteMail.howAny': (p) =>
    `Wenn Sie sich anmelden, werden Sie gebeten zu bestätigen, dass ${p.email} Ihnen gehört.`,
  'inviteMail.fallback': 'Wenn die Schaltfläche nicht funktioniert, öffnen Sie diesen Link:',
  'inviteMail.caution':
    'Nehmen Sie nur Einladungen von Organisationen an, die Sie kennen. Wenn Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail ignorieren.',
};
