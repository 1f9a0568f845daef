import type { Catalog } from './catalog.js';

/** Spanish (usted). */
export const es: Catalog = {
  'layout.support': (p) => `¿Necesita ayuda? ${p.contact}`,
  'layout.logo': (p) => `Logotipo de ${p.organization}`,
  'mail.sentBy': 'Enviado por Guestpass.',

  'form.restart': 'Usar otro correo electrónico',
  'form.invalidEmail':
    'Introduzca una dirección de correo electrónico válida, como nombre@example.com.',
  'form.codeFormat': (p) => `Introduzca el código de ${p.length} dígitos del correo.`,
  'form.codeWrong': (p, f) =>
    `Ese código no es correcto. Le ${f.plural(p.triesLeft, { one: 'queda # intento', other: 'quedan # intentos' })}.`,
  'form.codeExhausted': 'Demasiados intentos fallidos con este código. Solicite un código nuevo.',
  'form.codeExpired': 'Este código ha caducado. Solicite un código nuevo.',
  'form.codeUsed':
    'Este código ya se usó para iniciar sesión. Solicite un código nuevo para volver a iniciar sesión.',
  'form.codeCooldown': (p, f) =>
    `Escriba el código que enviamos a ${p.email}; podrá pedir uno nuevo en ${f.wait(p.seconds)}.`,
  'form.codeCapped': (p, f) =>
    `Ha solicitado demasiados códigos. Vuelva a intentarlo dentro de ${f.wait(p.seconds)}.`,
  'form.codeNotSent': (p) =>
    `No hemos podido enviar un código a ${p.email}. Vuelva a intentarlo dentro de unos minutos o pida ayuda a ${p.organization}.`,
  'form.sendsPerIp': (p, f) =>
    `Se han solicitado demasiados códigos desde su red. Vuelva a intentarlo dentro de ${f.wait(p.seconds)}.`,
  'form.verifiesPerIp': (p, f) =>
    `Se han probado demasiados códigos desde su red. Vuelva a intentarlo dentro de ${f.wait(p.seconds)}.`,

  'identify.title': 'Iniciar sesión',
  'identify.intro': (p) =>
    `Introduzca la dirección de correo electrónico que ${p.organization} invitó.`,
  'identify.email': 'Correo electrónico',
  'identify.next': 'Siguiente',
  'identify.passkeyPrompt': '¿Añadió una llave de acceso en una visita anterior?',
  'identify.passkeyButton': 'Iniciar sesión con una llave de acceso',

  'sendCode.title': 'Verifique su correo electrónico',
  'sendCode.intro': (p) =>
    `Enviaremos un código de un solo uso a ${p.email} para que pueda iniciar sesión en ${p.organization}.`,
  'sendCode.submit': 'Enviar código',
  'enterCode.title': 'Introduzca el código',
  'enterCode.sent': (p, f) =>
    `Hemos enviado un código a ${p.email}. Es válido durante ${f.minutes(p.ttlMinutes)}.`,
  'enterCode.label': 'Código',
  'enterCode.submit': 'Iniciar sesión',
  'enterCode.resend': 'Enviar un código nuevo',
  'enterCode.noCodeTitle': '¿No ha recibido el código?',
  'enterCode.noCodeWait':
    'Un correo puede tardar uno o dos minutos en llegar. Revise también la carpeta de correo no deseado.',
  'enterCode.noCodeResendIn': (p, f) => `Podrá pedir un código nuevo en ${f.wait(p.seconds)}.`,
  'enterCode.noCodeResendNow': 'Puede pedir un código nuevo abajo.',
  'enterCode.noCodeContact': (p) =>
    `Si no llega ningún código, compruebe la dirección o póngase en contacto con ${p.organization}.`,

  'accept.title': 'Aceptar la invitación',
  'accept.invited': (p) => `${p.organization} ha invitado a ${p.email} como invitado.`,
  'accept.ifYouAccept': (p) => `Si acepta, ${p.organization} podrá:`,
  'accept.signIn': 'iniciar su sesión en sus aplicaciones',
  'accept.read': 'leer su nombre y su dirección de correo electrónico',
  'accept.accept': 'Aceptar',
  'accept.cancel': 'Cancelar',
  'declined.title': 'Invitación rechazada',
  'declined.text': (p) =>
    `Ha rechazado la invitación de ${p.organization}. No ha iniciado sesión, y ${p.organization} no ha recibido su nombre ni su dirección de correo electrónico.`,
  'declined.next': 'Ya puede cerrar esta ventana o volver a la aplicación.',
  'declined.close': 'Ya puede cerrar esta ventana.',
  'declined.back': 'Volver a la aplicación',
  'declined.mistake': (p) =>
    `¿La rechazó por error? Revise la invitación de nuevo o pida a ${p.organization} que le envíe una nueva.`,
  'declined.review': 'Revisar la invitación de nuevo',

  'blocked.noMethodTitle': 'Ningún método de inicio de sesión',
  'blocked.noMethod': (p) =>
    `${p.organization} no tiene ningún método de inicio de sesión para ${p.email}.`,
  'blocked.askHelp': (p) =>
    `Pida ayuda a la persona de ${p.organization} que le invitó. Si ya inició sesión antes, puede que tenga que invitarle de nuevo.`,
  'blocked.turnedOffTitle': 'Método de inicio de sesión desactivado',
  'blocked.turnedOff': (p) =>
    `${p.organization} ha desactivado el inicio de sesión con ${p.method}, el método que usa su cuenta de invitado.`,
  'blocked.inviteAgain': (p) => `Pida a ${p.organization} que invite de nuevo a ${p.email}.`,
  'method.otp': 'código de un solo uso',
  'method.federation': 'la cuenta de su organización',
  'method.saml': 'la cuenta de su organización',
  'method.passkey': 'llave de acceso',
  'method.other': 'este método',

  'passkey.signInTitle': 'Iniciar sesión con una llave de acceso',
  'passkey.signInIntro': (p) =>
    `Use la llave de acceso que añadió para ${p.organization}: su dispositivo le pedirá su huella, su cara o el bloqueo de pantalla.`,
  'passkey.use': 'Usar mi llave de acceso',
  'passkey.noneUsed':
    'No se ha usado ninguna llave de acceso. Vuelva a intentarlo o inicie sesión con su correo electrónico.',
  'passkey.notAccepted':
    'Esa llave de acceso no ha iniciado su sesión. Vuelva a intentarlo o inicie sesión con su correo electrónico.',
  'passkey.expired': 'La solicitud de la llave de acceso ha caducado. Vuelva a intentarlo.',
  'passkey.manageTitle': 'Sus llaves de acceso',
  'passkey.added': 'Añadida',
  'passkey.lastUsed': 'Último uso',
  'passkey.kind': 'Tipo',
  'passkey.synced': 'sincronizada',
  'passkey.thisDevice': 'este dispositivo',
  'passkey.remove': 'Quitar',
  'passkey.removeLabel': (p) => `Quitar la llave de acceso ${p.n}`,
  'passkey.none': (p) => `Todavía no tiene llaves de acceso para ${p.organization}.`,
  'passkey.signedInAs': (p) => `Sesión iniciada como ${p.email}.`,
  'passkey.offerTitle': 'Inicie sesión más rápido la próxima vez',
  'passkey.addIntro':
    'Añada una llave de acceso: la próxima vez, elija «Iniciar sesión con una llave de acceso» y desbloquéela con su huella, su cara o el bloqueo de pantalla, sin código por correo.',
  'passkey.removeAnyTime': 'Puede quitarla en cualquier momento.',
  'passkey.add': 'Añadir una llave de acceso',
  'passkey.noneAdded': 'No se ha añadido ninguna llave de acceso. Puede volver a intentarlo.',
  'passkey.noneAddedOffer':
    'No se ha añadido ninguna llave de acceso. Puede volver a intentarlo o continuar sin ella.',
  'passkey.notNow': 'Ahora no',
  'passkey.notAdded':
    'No se pudo añadir la llave de acceso. Vuelva a intentarlo o continúe sin ella.',
  'passkey.noticeAdded':
    'Llave de acceso añadida. La próxima vez, elija «Iniciar sesión con una llave de acceso».',
  'passkey.noticeRemoved': 'Llave de acceso quitada.',
  'passkey.errorFailed':
    'No se pudo añadir la llave de acceso (la solicitud caducó o se rechazó). Vuelva a intentarlo.',
  'passkey.errorTaken': 'Esa llave de acceso ya está en uso.',
  'passkey.signInFirst': (p) =>
    `Inicie sesión primero en una aplicación de ${p.organization} y vuelva después a esta página.`,
  'passkey.turnedOff': (p) => `${p.organization} ha desactivado las llaves de acceso.`,
  'passkey.addIntroFederated':
    'Añada una llave de acceso: la próxima vez, elija «Iniciar sesión con una llave de acceso» y desbloquéela con su huella, su cara o el bloqueo de pantalla, sin escribir su dirección. El inicio de sesión de su organización sigue confirmando que es usted.',
  'passkey.notHere': (p) =>
    `Las llaves de acceso no se pueden usar en esta dirección (${p.address}).`,

  'consent.title': '¿Permitir el acceso?',
  'consent.wouldLike': (p) => `${p.client} quiere:`,
  'consent.openid': 'iniciar su sesión',
  'consent.email': 'ver su dirección de correo electrónico',
  'consent.profile': 'ver su nombre',
  'consent.offline_access': 'mantener su sesión iniciada cuando no la esté usando',
  'consent.allow': 'Permitir',
  'consent.deny': 'Denegar',

  'logout.title': 'Cerrar sesión',
  'logout.question': (p) => `¿Quiere cerrar la sesión de ${p.organization}?`,
  'logout.yes': 'Sí, cerrar la sesión',
  'logout.no': 'No, mantener la sesión',
  'signedOut.title': 'Sesión cerrada',
  'signedOut.text': 'Ha cerrado la sesión. Ya puede cerrar esta ventana.',

  'status.400': 'Este enlace no es válido',
  'status.401': 'No ha iniciado sesión',
  'status.403': 'No permitido',
  'status.404': 'No encontrado',
  'status.405': 'No permitido',
  'status.409': 'Conflicto',
  'status.413': 'Solicitud demasiado grande',
  'status.429': 'Demasiados intentos',
  'status.502': 'Algo ha salido mal',
  'status.503': 'Servicio no disponible',
  'status.other': 'Algo ha salido mal',
  'error.code': 'Código de error:',
  'error.unexpected': 'Se ha producido un error inesperado.',
  'error.unavailable':
    'El servicio no está disponible en este momento; vuelva a intentarlo en un instante.',

  'error.locked.title': 'Demasiados intentos',
  'error.locked': (p, f) =>
    `Por su seguridad, el inicio de sesión con código está en pausa para esta dirección. Vuelva a intentarlo dentro de ${f.wait(p.seconds)}.`,
  'error.formRejected.title': 'Formulario no aceptado',
  'error.formRejected':
    'Este formulario no procede de esta página de inicio de sesión, o la página es demasiado antigua. Vuelva a la aplicación e inicie sesión de nuevo.',
  'error.tooManySignIns.title': 'Demasiados inicios de sesión',
  'error.tooManySignIns': (p, f) =>
    `Se han iniciado demasiadas sesiones desde su red. Vuelva a intentarlo dentro de ${f.wait(p.seconds)}.`,
  'error.expired.title': 'Inicio de sesión caducado',
  'error.signInExpired':
    'Esta página de inicio de sesión ha caducado. Vuelva a la aplicación e inicie sesión de nuevo.',
  'error.callbackExpired':
    'Este inicio de sesión ha caducado o ya se completó. Vuelva a la aplicación e inicie sesión de nuevo.',
  'error.invitationExpired':
    'Este inicio de sesión ha caducado. Abra de nuevo el enlace de la invitación.',
  'error.invitationInvalid.title': 'Invitación no válida',
  'error.invitationInvalid': (p) =>
    `Este enlace de invitación no es válido o ha caducado. Pida a ${p.organization} que le envíe una nueva invitación.`,
  'error.invitationOtherGuest':
    'Esta invitación pertenece a otro invitado. Ábrala de nuevo para iniciar sesión como ese invitado.',
  'error.invitationNotAccepted.title': 'Invitación no aceptada',
  'error.signInRequest.title': 'Error de inicio de sesión',
  'error.signInRequest': 'No se pudo completar la solicitud de inicio de sesión.',
  'error.federation.title': 'El inicio de sesión no ha funcionado',
  'error.federation.detail': (p) => `Proveedor de identidad: ${p.host}`,
  'error.federation.unreachable': (p) =>
    `No hemos podido conectar con el servicio de inicio de sesión de su organización para iniciar su sesión en ${p.organization}. Vuelva a intentarlo dentro de unos minutos.`,
  'error.federation.denied': (p) =>
    `El inicio de sesión en el servicio de su organización se canceló o se rechazó, así que no ha iniciado sesión en ${p.organization}.`,
  'error.federation.invalid_response': (p) =>
    `El servicio de inicio de sesión de su organización respondió de una forma en la que no podemos confiar, así que no ha iniciado sesión en ${p.organization}.`,
  'error.federation.email_unverified': (p) =>
    `El servicio de inicio de sesión de su organización no confirmó su dirección de correo, así que no puede iniciar sesión en ${p.organization} con ella.`,
  'error.federation.email_mismatch': (p) =>
    `La cuenta con la que inició sesión no es la dirección que ${p.organization} invitó. Inicie sesión con la cuenta invitada.`,
  'error.federation.subject_mismatch': (p) =>
    `La cuenta con la que inició sesión no es aquella con la que aceptó la invitación de ${p.organization}.`,
  'error.federation.tenant_not_allowed': (p) =>
    `${p.organization} no acepta invitados de la organización con la que inició sesión. Inicie sesión con la cuenta de su propia organización.`,
  'error.federation.hosted_domain_mismatch': (p) =>
    `La cuenta con la que inició sesión no la administra la organización de su dirección de correo, así que no puede iniciar sesión en ${p.organization} con ella.`,

  'codeMail.subject': (p) => `Su código de verificación de ${p.organization}`,
  'codeMail.heading': 'Código de verificación de la cuenta',
  'codeMail.intro': (p) =>
    `Para iniciar sesión en ${p.organization} como invitado, use este código para verificar ${p.email}:`,
  'codeMail.expires': (p, f) =>
    `El código caduca dentro de ${f.minutes(p.ttlMinutes)}. Después, pida uno nuevo en la página de inicio de sesión.`,
  'codeMail.why': (p) =>
    `${p.organization} solicitó este código cuando alguien inició sesión con su dirección de correo electrónico.`,
  'codeMail.ignore': 'Si no ha solicitado ningún código, puede ignorar este correo.',

  'inviteMail.subject': (p) => `${p.organization} le ha invitado`,
  'inviteMail.hello': 'Hola:',
  'inviteMail.helloName': (p) => `Hola, ${p.name}:`,
  'inviteMail.intro': (p) =>
    `${p.organization} le ha invitado a iniciar sesión en sus aplicaciones como invitado.`,
  'inviteMail.acceptLine': 'Acepte la invitación:',
  'inviteMail.button': 'Aceptar la invitación',
  'inviteMail.howCode': (p) =>
    `Cuando inicie sesión, enviaremos un código de un solo uso a ${p.email} para confirmar que es usted.`,
  'inviteMail.howFederated': (p) =>
    `Cuando inicie sesión, usará la cuenta de su propia organización para ${p.email}.`,
  'inviteMail.howOther': (p) =>
    `Cuando inicie sesión, se le pedirá que confirme que es usted (${p.method}).`,
  'inviteMail.howAny': (p) =>
    `Cuando inicie sesión, se le pedirá que confirme que ${p.email} es suya.`,
  'inviteMail.fallback': 'Si el botón no funciona, abra este enlace:',
  'inviteMail.caution':
    'Acepte solo invitaciones de organizaciones que conozca. Si no esperaba esta invitación, puede ignorar este correo.',
};
