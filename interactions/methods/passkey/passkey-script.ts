import { createHash } from 'node:crypto';

/**
 * The one script of Guestpass's pages, inlined and allowed by its hash in the CSP (like the
 * stylesheet). It shows what needs WebAuthn only when the browser has it (elements with
 * `data-passkey-offer`, buttons with `data-passkey`), and on a click of such a button calls
 * navigator.credentials with the options in the button's `data-passkey` (JSON, base64url
 * binaries), writes the credential as JSON into the form's `response` field and submits the
 * form. Where a field carries `data-passkey-conditional` (the identify page) and the browser
 * offers passkeys in autofill (conditional mediation), it asks at once with those options; a
 * passkey the guest picks there goes into that field and its form is submitted. It also sets the cookie `guestpass_webauthn` (this browser can make a passkey: the
 * offer after a passcode sign-in is shown only then). Without JavaScript nothing of it shows, and the journey is the one without passkeys.
 */
export const passkeyScript = `(()=>{
if(!window.PublicKeyCredential||!navigator.credentials)return;
document.cookie='guestpass_webauthn=1;path=/;max-age=31536000;SameSite=Lax';
const bin=s=>{s=s.replace(/-/g,'+').replace(/_/g,'/');const r=atob(s+'='.repeat((4-s.length%4)%4));return Uint8Array.from(r,c=>c.charCodeAt(0)).buffer};
const b64=b=>{let s='';for(const x of new Uint8Array(b))s+=String.fromCharCode(x);return btoa(s).replace(/\\+/g,'-').replace(/\\//g,'_').replace(/=+$/,'')};
const ids=l=>(l||[]).map(c=>({...c,id:bin(c.id)}));
const assertion=c=>{const r=c.response;return{id:c.id,rawId:b64(c.rawId),type:c.type,clientExtensionResults:c.getClientExtensionResults(),authenticatorAttachment:c.authenticatorAttachment||undefined,response:{clientDataJSON:b64(r.clientDataJSON),authenticatorData:b64(r.authenticatorData),signature:b64(r.signature),userHandle:r.userHandle?b64(r.userHandle):undefined}}};
for(const e of document.querySelectorAll('[data-passkey-offer]'))e.hidden=false;
const pending=document.querySelector('[data-passkey-conditional]');
if(pending&&PublicKeyCredential.isConditionalMediationAvailable)PublicKeyCredential.isConditionalMediationAvailable().then(async ok=>{
if(!ok)return;const o=JSON.parse(pending.dataset.passkeyConditional);
try{pending.value=JSON.stringify(assertion(await navigator.credentials.get({mediation:'conditional',publicKey:{...o,challenge:bin(o.challenge),allowCredentials:[]}})));pending.form.submit()}catch(e){}
});
for(const button of document.querySelectorAll('button[data-passkey]')){
button.hidden=false;
button.addEventListener('click',async()=>{
const o=JSON.parse(button.dataset.passkey),form=button.form,failed=form.querySelector('[data-passkey-failed]');
if(failed)failed.hidden=true;
try{let out;
if(o.user){const c=await navigator.credentials.create({publicKey:{...o,challenge:bin(o.challenge),user:{...o.user,id:bin(o.user.id)},excludeCredentials:ids(o.excludeCredentials)}});const r=c.response;
out={id:c.id,rawId:b64(c.rawId),type:c.type,clientExtensionResults:c.getClientExtensionResults(),authenticatorAttachment:c.authenticatorAttachment||undefined,response:{clientDataJSON:b64(r.clientDataJSON),attestationObject:b64(r.attestationObject),transports:r.getTransports?r.getTransports():[]}}}
else out=assertion(await navigator.credentials.get({publicKey:{...o,challenge:bin(o.challenge),allowCredentials:ids(o.allowCredentials)}}))
form.elements.response.value=JSON.stringify(out);form.submit()}
catch(e){if(failed)failed.hidden=false}
})}
})();`;

/** the CSP source that allows the script (security-headers.ts adds it to script-src) */
export const passkeyScriptHash = `'sha256-${createHash('sha256').update(passkeyScript).digest('base64')}'`;
