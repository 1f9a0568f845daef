/** What logs may say about a recipient: the domain only (`@example.com`), never the person. */
export function recipientDomain(address: string): string {
  const at = address.lastIndexOf('@');
  return at === -1 ? '' : address.slice(at).toLowerCase();
}
