// A target's `group` and `public` keys: read from the targets file, inherited from `defaults`, and refused where
// they could not be shown (a group on one line) or are not what they say (public: true or false).
import { describe, expect, it } from '@jest/globals'
import { Redactor } from '../src/redact.js'
import { parseTargets } from '../src/targets/parse.js'
import { targetsOf } from './support/targets.js'

describe('the group key', () => {
  it('is inherited from defaults, set per target, and absent when neither gives one', () => {
    const targets = targetsOf(`
defaults: { group: payments }
targets:
  - { name: api, url: https://api.example.com }
  - { name: eu-web, url: https://eu.example.com, group: Europe / web }
`)
    expect(targets.map(target => [target.name, target.group])).toEqual([
      ['api', 'payments'],
      ['eu-web', 'Europe / web']
    ])
    const [plain] = targetsOf('targets:\n  - { name: a, url: https://a.example }\n')
    expect('group' in plain).toBe(false)
  })

  it('is refused empty, with a control character, or longer than 200 characters, with the line', async () => {
    const file = `targets:
  - { name: a, url: https://a.example, group: "" }
  - { name: b, url: https://b.example, group: "eu\\nweb" }
  - { name: c, url: https://c.example, group: ${'g'.repeat(201)} }
`
    const message = await parseTargets(file, 'upwatch.yml', {}, new Redactor()).then(
      () => 'accepted',
      (error: Error) => error.message
    )
    expect(message.split('\n').slice(1)).toEqual([
      '  - line 2, targets[0].group: expected a group name without control characters (line breaks, tabs, escape codes)',
      '  - line 3, targets[1].group: expected a group name without control characters (line breaks, tabs, escape codes)',
      '  - line 4, targets[2].group: expected at most 200 characters, got 201'
    ])
  })
})

describe('the public key', () => {
  it('keeps a target off the status page when false, from the target or defaults; shown otherwise', () => {
    const targets = targetsOf(`
defaults: { public: false }
targets:
  - { name: internal, url: https://internal.example.com }
  - { name: web, url: https://web.example.com, public: true }
`)
    expect(targets.map(target => [target.name, target.public ?? 'shown'])).toEqual([
      ['internal', false],
      ['web', 'shown']
    ])
  })

  it('is refused when it is not true or false, with the line', async () => {
    const message = await parseTargets(
      'targets:\n  - { name: a, url: https://a.example, public: "no" }\n',
      'upwatch.yml',
      {},
      new Redactor()
    ).then(
      () => 'accepted',
      (error: Error) => error.message
    )
    expect(message).toContain('line 2, targets[0].public:')
  })
})
