// Why an attempt failed, in a short phrase, and whether the failure could be the runner's own network.
import { describe, expect, it } from '@jest/globals'
import { failureReason, isSilent, ProbeTimeout } from '../src/probes/reason.js'

const failure = (code: string, message = code) => Object.assign(new Error(message), { code })
const timeout = (phase: ProbeTimeout['phase']) => new ProbeTimeout(2000, phase)

describe('a failed attempt', () => {
  it.each([
    // The time ran out: the phase says where, and whether anything was heard.
    ['timeout in the lookup', timeout('dns'), false, 'DNS lookup timed out', true],
    ['timeout before TCP connected', timeout('connect'), false, 'connect timeout after 2s', true],
    ['timeout in the TLS handshake', timeout('tls'), true, 'TLS handshake timeout after 2s', false],
    ['timeout after connecting', timeout('response'), true, 'timeout after 2s', false],
    // Failures that may be the runner's own network.
    ['NXDOMAIN', failure('ENOTFOUND'), false, 'DNS lookup failed', true],
    ['DNS server failure', failure('EAI_AGAIN'), false, 'DNS lookup failed', true],
    ['DNS server silent', failure('ETIMEOUT'), false, 'DNS lookup timed out', true],
    ['SYN unanswered', failure('ETIMEDOUT'), false, 'connect timeout', true],
    ['no route to the host', failure('EHOSTUNREACH'), false, 'host unreachable', true],
    ['no route to the network', failure('ENETUNREACH'), false, 'network unreachable', true],
    // The runner's own limits and rules.
    [
      'out of file descriptors',
      failure('EMFILE', 'connect EMFILE 127.0.0.1:80 - Local (undefined:undefined)'),
      false,
      'the runner has no file descriptors left (EMFILE): lower concurrency',
      true
    ],
    [
      'out of local ports',
      failure('EADDRNOTAVAIL'),
      false,
      'the runner has no local ports left (EADDRNOTAVAIL): lower concurrency',
      true
    ],
    [
      'a local firewall rule',
      failure('EPERM'),
      false,
      'the runner does not allow this connection (EPERM)',
      true
    ],
    // Failures that prove the host was reached.
    ['refused', failure('ECONNREFUSED'), false, 'connection refused', false],
    ['reset', failure('ECONNRESET'), true, 'connection reset', false],
    ['closed', failure('ERR_WIRE_CLOSED'), true, 'connection closed by the server', false],
    ['expired certificate', failure('CERT_HAS_EXPIRED'), true, 'TLS: certificate has expired', false],
    [
      'TLS alert',
      failure('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'),
      true,
      'TLS: wrong version number',
      false
    ],
    // Once a connection was made (before a redirect), no failure can be the runner's network.
    ['NXDOMAIN after a redirect', failure('ENOTFOUND'), true, 'DNS lookup failed', false],
    ['connect timeout after a redirect', timeout('connect'), true, 'connect timeout after 2s', false],
    // Found as the cause of another error.
    [
      'a wrapped NXDOMAIN',
      Object.assign(new Error('fetch failed'), { cause: failure('ENOTFOUND') }),
      false,
      'DNS lookup failed',
      true
    ]
  ])('%s', (_, error, connected, reason, silent) => {
    expect(failureReason(error)).toBe(reason)
    expect(isSilent(error, connected)).toBe(silent)
  })
})

describe('an error message with a secret in it', () => {
  it('is redacted before it is cut short, so no start of the secret shows', () => {
    const secret = 'tok_SECRET_0123456789abcdef'
    const error = new Error(`${'x'.repeat(110)}${secret} and more`)
    const reason = failureReason(error, text => text.split(secret).join('***'))
    expect(reason).toBe(`${'x'.repeat(110)}*** and mo`)
    expect(failureReason(error)).toContain('tok_SECR')
  })
})
