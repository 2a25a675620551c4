// The benchmark's certificates, made with node-forge as __tests__/support/tls.ts makes the tests': a CA with an
// RSA-2048 key, and one server certificate it signs for the farm, for `*.<domain>` and 127.0.0.1, with an
// ECDSA P-256 key. ECDSA because most large sites present one, and because the farm's side of a handshake then
// costs about 0.02 ms of CPU instead of RSA-2048's 0.3 ms: 10,000 handshakes would be 3 s of the farm's CPU
// on the machine the pass runs on, measured as the pass's time. forge makes RSA keys only, so the server
// certificate is built with a stand-in key and its SubjectPublicKeyInfo replaced by the EC key before it is
// signed.
import forge from 'node-forge'
import { generateKeyPairSync, randomInt } from 'node:crypto'

const { asn1, pki } = forge
const DAY = 86_400_000

function certificate(subject, issuer, publicKey) {
  const cert = pki.createCertificate()
  cert.publicKey = publicKey
  cert.serialNumber = randomInt(1, 2 ** 47)
    .toString(16)
    .padStart(12, '0')
  cert.validity.notBefore = new Date(Date.now() - DAY)
  cert.validity.notAfter = new Date(Date.now() + 30 * DAY)
  cert.setSubject([{ name: 'commonName', value: subject }])
  cert.setIssuer([{ name: 'commonName', value: issuer }])
  return cert
}

/** The CA to trust (PEM), and the farm's key and certificate (PEM) for every name under `domain`. */
export function createFarmPki(domain) {
  const authority = pki.rsa.generateKeyPair(2048)
  const ca = certificate('upwatch bench CA', 'upwatch bench CA', authority.publicKey)
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }
  ])
  ca.sign(authority.privateKey, forge.md.sha256.create())

  const server = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const cert = certificate(`*.${domain}`, 'upwatch bench CA', authority.publicKey)
  cert.setExtensions([
    { name: 'keyUsage', digitalSignature: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: `*.${domain}` },
        { type: 7, ip: '127.0.0.1' }
      ]
    }
  ])
  // What cert.sign does, with the EC key in place of the stand-in; certificateToPem takes this TBSCertificate.
  cert.signatureOid = cert.siginfo.algorithmOid = pki.oids.sha256WithRSAEncryption
  cert.tbsCertificate = pki.getTBSCertificate(cert)
  const spki = server.publicKey.export({ type: 'spki', format: 'der' }).toString('binary')
  cert.tbsCertificate.value[6] = asn1.fromDer(spki)
  const digest = forge.md.sha256.create().update(asn1.toDer(cert.tbsCertificate).getBytes())
  cert.signature = authority.privateKey.sign(digest)

  return {
    ca: pki.certificateToPem(ca),
    key: server.privateKey.export({ type: 'pkcs8', format: 'pem' }),
    cert: pki.certificateToPem(cert)
  }
}
