// Found in review: a password in a target's URL on a public status page with status-page-details. The page
// shows the URL "as written, passwords masked" through maskUrlPasswords, whose pattern ends the user name at the
// first `@`: a user name that is an e-mail address (as curl and browsers take it, the last `@` ending the user
// info) leaves the whole password on the page, and a password with an `@` in it leaves its end there.
import { describe, expect, it } from '@jest/globals'
import { pageFiles } from '../src/page/files.js'
import { pageModel } from '../src/page/model.js'
import { targetOf } from './support/targets.js'

const NOW = Date.parse('2026-12-01T12:00:00Z')

/** Every file of the page of one target with this URL, details shown. */
function pageOf(url: string): string {
  const target = targetOf(`  - { name: api, url: "${url}" }`)
  // The URL is the one the probe authenticates with: its password is a secret.
  expect(new URL(target.address).password).not.toBe('')
  const model = pageModel(
    [{ target, state: { state: 'down', since: new Date(NOW - 60_000).toISOString(), reason: 'HTTP 401' } }],
    NOW,
    { details: true, title: 'acme/status' }
  )
  return pageFiles(model)
    .map(file => `${file.path}\n${file.body}`)
    .join('\n')
}

describe('a password in a target URL, on a page with details', () => {
  it.each([
    [
      'a user name that is an e-mail address',
      'https://ops@acme.example:Hunter2Secret@api.acme.example/health',
      'Hunter2Secret'
    ],
    ['a password with an @ in it', 'https://ops:Hunter2@Secret@api.acme.example/health', 'Secret']
  ])('is not published, with %s', (_, url, password) => {
    expect(pageOf(url)).not.toContain(password)
  })
})
