/**
 * Keeps credentials out of every message the source produces. mysql2 does not put passwords in
 * its messages today; this is the second line of defence, for driver versions and server messages
 * we have not seen.
 */
export type Redactor = (text: string) => string;

/** `scheme://user:password@` in any URI, however the password is spelled. */
const URI_USERINFO = /([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@]*@/gi;

/**
 * Secrets shorter than this are not searched for: replacing every "ab" in a message would garble
 * it without protecting anything, since a message cannot reveal which "ab" was the password.
 */
const MIN_SECRET_LENGTH = 4;

export function createRedactor(secrets: readonly string[]): Redactor {
  const searched = [...new Set(secrets.flatMap(spellings))].filter(
    (s) => s.length >= MIN_SECRET_LENGTH,
  );
  // Longest first, so that a secret containing another is replaced whole.
  searched.sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text.replace(URI_USERINFO, "$1:***@");
    for (const secret of searched) out = out.split(secret).join("***");
    return out;
  };
}

/** A password as it may appear: as given, and percent-encoded or decoded as in a URI. */
function spellings(secret: string): string[] {
  const forms = [secret, encodeURIComponent(secret)];
  try {
    forms.push(decodeURIComponent(secret));
  } catch {
    // Not valid percent-encoding: then it cannot appear decoded either.
  }
  return forms;
}
