// Certificates no honest server would send: made with node-forge, then their DER edited where forge would
// refuse to write the value.
import forge from 'node-forge'
import { type Certificate } from './tls.js'

/** DER: UTCTime, 13 bytes long (YYMMDDHHMMSSZ). */
const UTC_TIME = [0x17, 13]

/**
 * A self-signed certificate for 127.0.0.1 whose end of validity is `notAfter`, 13 characters written as they
 * are: `991399999999Z` (month 13) is a date no one can read, which OpenSSL shows as "Bad time value". The
 * signature no longer matches, so only an `insecure` target gets past the handshake.
 */
export function withNotAfter(notAfter: string): Certificate {
  if (notAfter.length !== 13) throw new Error('a UTCTime is 13 characters long')
  const keys = forge.pki.rsa.generateKeyPair(2048)
  const cert = forge.pki.createCertificate()
  cert.publicKey = keys.publicKey
  cert.serialNumber = '01'
  cert.validity.notBefore = new Date(Date.now() - 86_400_000)
  cert.validity.notAfter = new Date(Date.now() + 30 * 86_400_000)
  const name = [{ name: 'commonName', value: '127.0.0.1' }]
  cert.setSubject(name)
  cert.setIssuer(name)
  cert.sign(keys.privateKey, forge.md.sha256.create())
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary')
  // The validity is the first two UTCTimes: notBefore, then notAfter.
  const times = [...der.keys()].filter(at => der[at] === UTC_TIME[0] && der[at + 1] === UTC_TIME[1])
  der.write(notAfter, times[1] + 2, 'latin1')
  const lines = der.toString('base64').match(/.{1,64}/g) ?? []
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`,
    key: forge.pki.privateKeyToPem(keys.privateKey)
  }
}
