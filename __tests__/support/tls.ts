// Certificates made in the test: a CA the probes are told to trust, and server certificates it signs with
// the validity each case needs, or self-signed ones no one trusts.
import forge from 'node-forge'

export interface Certificate {
  key: string
  cert: string
}

const DAY = 86_400_000

/** The names a server certificate is for: its subject alternative names, or none (a common name only). */
export interface Names {
  dns: string[]
  ip: string[]
}

const LOOPBACK: Names = { dns: ['localhost'], ip: ['127.0.0.1'] }

function issue(
  subject: string,
  notBefore: Date,
  notAfter: Date,
  issuer?: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey },
  ca = false,
  names: Names | null = LOOPBACK
) {
  const keys = forge.pki.rsa.generateKeyPair(2048)
  const cert = forge.pki.createCertificate()
  cert.publicKey = keys.publicKey
  cert.serialNumber = String(Math.floor(Math.random() * 1e9) + 1)
  cert.validity.notBefore = notBefore
  cert.validity.notAfter = notAfter
  const name = [{ name: 'commonName', value: subject }]
  cert.setSubject(name)
  cert.setIssuer(issuer ? issuer.cert.subject.attributes : name)
  cert.setExtensions(
    ca
      ? [
          { name: 'basicConstraints', cA: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true }
        ]
      : names
        ? [
            {
              name: 'subjectAltName',
              altNames: [
                ...names.ip.map(ip => ({ type: 7, ip })),
                ...names.dns.map(value => ({ type: 2, value }))
              ]
            }
          ]
        : []
  )
  cert.sign(issuer?.key ?? keys.privateKey, forge.md.sha256.create())
  return { cert, key: keys.privateKey }
}

const pem = ({ cert, key }: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey }): Certificate => ({
  cert: forge.pki.certificateToPem(cert),
  key: forge.pki.privateKeyToPem(key)
})

export interface TestPki {
  /** The CA certificate (PEM) to trust. */
  ca: string
  /** A server certificate for 127.0.0.1 signed by the CA, valid from `fromDays` to `toDays` from now. */
  server(fromDays: number, toDays: number): Certificate
  /** A self-signed server certificate for 127.0.0.1, valid now. */
  selfSigned(): Certificate
  /** A server certificate signed by the CA, valid now, for these names; null: for its common name only. */
  named(commonName: string, names: Names | null): Certificate
}

export function createPki(): TestPki {
  const now = Date.now()
  const authority = issue(
    'upwatch test CA',
    new Date(now - 30 * DAY),
    new Date(now + 3650 * DAY),
    undefined,
    true
  )
  return {
    ca: forge.pki.certificateToPem(authority.cert),
    server: (fromDays, toDays) =>
      pem(issue('127.0.0.1', new Date(now + fromDays * DAY), new Date(now + toDays * DAY), authority)),
    selfSigned: () => pem(issue('127.0.0.1', new Date(now - DAY), new Date(now + 365 * DAY))),
    named: (commonName, names) =>
      pem(issue(commonName, new Date(now - DAY), new Date(now + 365 * DAY), authority, false, names))
  }
}
