// `npm start`: scripts/start.mjs run as a newcomer runs it, in a folder of its own, over targets on 127.0.0.1;
// and the pure parts in scripts/start-lib.mjs that decide what it says, down to the runs this machine cannot
// make happen (an inconclusive one needs names that do not resolve).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  closingLines,
  lineTranslator,
  openingLine,
  parseArgs,
  parseOutputs,
  readableLine,
  readInputs,
  resolveInputs
} from '../scripts/start-lib.mjs'
import { startFarm, type Farm } from './support/servers.js'

const INPUTS = readInputs(readFileSync('action.yml', 'utf8'))
const START = path.resolve('scripts/start.mjs')
const folders: string[] = []

function folder(): string {
  const made = mkdtempSync(path.join(tmpdir(), 'upwatch-start-test-'))
  folders.push(made)
  return made
}

interface StartRun {
  stdout: string
  stderr: string
  exitCode: number
  /** The folder it ran in, its GITHUB_WORKSPACE. */
  folder: string
}

/** `node scripts/start.mjs ...args` in a fresh folder, with no INPUT_* variables but those given. */
function start(args: string[], env: Record<string, string> = {}): Promise<StartRun> {
  const workspace = folder()
  const vars: Record<string, string | undefined> = { ...process.env, GITHUB_WORKSPACE: workspace, ...env }
  for (const name of Object.keys(vars)) if (name.startsWith('INPUT_') && !(name in env)) delete vars[name]
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [START, ...args],
      { cwd: workspace, env: vars, timeout: 60_000 },
      (error, stdout, stderr) => {
        // ExecFileException is an Error, which its Omit<> type hides from the rule.
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
        if (error && typeof error.code !== 'number') reject(error)
        else resolve({ stdout, stderr, exitCode: error ? Number(error.code) : 0, folder: workspace })
      }
    )
  })
}

function write(name: string, content: string): string {
  const file = path.join(folder(), name)
  writeFileSync(file, content)
  return file
}

let farm: Farm
let targets: string

beforeAll(async () => {
  farm = await startFarm()
  targets = write(
    'targets.yml',
    `defaults:\n  timeout: 1s\n  retries: 0\ntargets:\n` +
      `  - name: web\n    url: ${farm.http('/status/200')}\n` +
      `  - name: api\n    url: ${farm.http('/status/503')}\n`
  )
})

afterAll(async () => {
  await farm.close()
  for (const made of folders) rmSync(made, { recursive: true, force: true })
})

describe('npm start', () => {
  it('takes a bare path as the targets and a bare flag as true: --dry-run reaches the action', async () => {
    const run = await start([targets, '--dry-run'])
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    expect(run.stdout).toContain(`upwatch: one pass over ${targets}, dry run: no state written, no mail sent`)
    expect(run.stdout).toContain('upwatch: 1 of 2 down')
    expect(run.stdout).not.toContain('Subject:')
    const summary = /^Job summary \(Markdown\): (.+)$/m.exec(run.stdout)![1]
    expect(readFileSync(summary, 'utf8')).toContain('_Dry run: no state was written and no mail was sent._')
    expect(run.stdout).toContain('Dry run: nothing was recorded and no mail was sent.')
    expect(run.stdout).not.toContain('Run it again')
    expect(existsSync(path.join(run.folder, '.upwatch'))).toBe(false)
  })

  it('passes INPUT_* variables through, and flags (--name value, --name=value) win over them', async () => {
    const env = { 'INPUT_STATE-FILE': 'from-env.json', 'INPUT_FAIL-ON-DOWN': 'true' }
    const run = await start(['--targets', targets, '--state-file=from-flag.json'], env)
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain('Subject: [upwatch] DOWN: api')
    expect(run.stdout).toContain('\nError: 1 target(s) down: api (fail-on-down is set).\n')
    expect(run.stdout).toContain(
      'Run it again: a steady state sends no mail. Delete from-flag.json to start afresh.'
    )
    expect(existsSync(path.join(run.folder, 'from-flag.json'))).toBe(true)
    expect(existsSync(path.join(run.folder, 'from-env.json'))).toBe(false)
    expect(existsSync(path.resolve('from-flag.json'))).toBe(false)
  })

  it('stops on an unknown flag and lists the inputs of action.yml', async () => {
    const run = await start(['--dryrun', targets])
    expect(run.exitCode).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^Unknown option --dryrun\.\n/)
    for (const input of INPUTS) expect(run.stderr).toContain(`\n  --${input.name} `)
    expect(run.stderr).toMatch(/--dry-run +Probe and report only; write no state \(not even the state file\)/)
  })

  it('shows a multi-line error as lines, not as a workflow command with %0A in it', async () => {
    const bad = write('bad.yml', 'targets:\n  - name: a\n    url: http://127.0.0.1:1/\n    tiemout: 5s\n')
    const run = await start([bad])
    expect(run.exitCode).toBe(1)
    expect(run.stdout).toContain(
      `\nError: ${bad} is not a valid targets file:\n  - line 4, targets[0].tiemout: unknown key "tiemout"`
    )
    expect(run.stdout).not.toContain('%0A')
    expect(run.stdout).not.toContain('::error::')
    expect(run.stdout).not.toContain('Outputs:')
  })
})

describe('scripts/start-lib.mjs', () => {
  it('reads the inputs from action.yml, with the true/false ones as booleans', () => {
    expect(INPUTS.map(input => input.name)).toEqual([
      'targets',
      'dynamodb-table',
      'state-file',
      'sns-topic-arn',
      'aws-region',
      'role-to-assume',
      'cloudwatch-namespace',
      'concurrency',
      'dry-run',
      'shard',
      'fail-on-down',
      'history',
      'status-page',
      'status-page-details',
      'status-page-only',
      'digest',
      'digest-day',
      'digest-hour',
      'digest-time-zone',
      'github-token',
      'incident-issues',
      'incident-issues-group-above',
      'keepalive',
      'vantages',
      'quorum',
      'vantage-deadline',
      'runner-only-after'
    ])
    expect(INPUTS.filter(input => input.boolean).map(input => input.name)).toEqual([
      'dry-run',
      'fail-on-down',
      'history',
      'status-page-details',
      'status-page-only',
      'incident-issues',
      'keepalive'
    ])
  })

  it.each([
    [['my.yml'], { targets: 'my.yml' }],
    [['--targets', 'my.yml', '--concurrency', '16'], { targets: 'my.yml', concurrency: '16' }],
    [['--state-file=x.json', '--shard=1/2'], { 'state-file': 'x.json', shard: '1/2' }],
    [['--fail-on-down', 'my.yml'], { 'fail-on-down': 'true', targets: 'my.yml' }],
    [['--dry-run', 'false', '--fail-on-down=true'], { 'dry-run': 'false', 'fail-on-down': 'true' }],
    [['--dry-run', '--concurrency', '4'], { 'dry-run': 'true', concurrency: '4' }],
    [['--aws-region='], { 'aws-region': '' }]
  ])('parses %j', (args, given) => {
    expect(parseArgs(args, INPUTS)).toEqual(given)
  })

  it.each([
    [['--dryrun'], /^Unknown option --dryrun\.\nnpm start -- \[targets file\]/],
    [['-n'], /^Unknown option -n\./],
    [['--concurrency'], /^--concurrency needs a value: --concurrency <value> or --concurrency=<value>\.$/],
    [['--targets', '--dry-run'], /^--targets needs a value/],
    [
      ['a.yml', 'b.yml'],
      /^targets is given twice, the second time as b\.yml; a bare path means --targets\.$/
    ],
    [['--shard=1/2', '--shard', '2/2'], /^shard is given twice, the second time as --shard\.$/]
  ])('refuses %j', (args, message) => {
    expect(() => parseArgs(args, INPUTS)).toThrow(message)
  })

  it('shows start’s own defaults in the list of inputs', () => {
    expect(() => parseArgs(['--help'], INPUTS, { targets: 'examples/upwatch.yml' })).toThrow(
      /\n {2}--targets <value> +The targets file, .*\(default examples\/upwatch\.yml\)\n/
    )
  })

  it('takes each input from the flag, else the environment, else start’s default, else action.yml’s', () => {
    const env = { INPUT_TARGETS: 'env.yml', 'INPUT_STATE-FILE': 'env.json', INPUT_CONCURRENCY: '8' }
    const values = resolveInputs(INPUTS, env, { concurrency: '16' }, { targets: 'example.yml', shard: '1/2' })
    expect(values).toMatchObject({
      concurrency: '16',
      targets: 'env.yml',
      'state-file': 'env.json',
      shard: '1/2',
      'dry-run': 'false',
      'dynamodb-table': ''
    })
  })

  it('turns ::error:: and ::warning:: into readable lines, unescaping %0A, %0D and %25 once', () => {
    expect(readableLine('::error::bad.yml is not valid:%0A  - line 4%0A  - line 7')).toBe(
      'Error: bad.yml is not valid:\n  - line 4\n  - line 7'
    )
    expect(readableLine('::warning::50%25 of a%0Db')).toBe('Warning: 50% of a\rb')
    expect(readableLine('::error::a literal %250A stays')).toBe('Error: a literal %0A stays')
    for (const line of ['upwatch: all 2 up', '::error file=a.yml,line=4::kept as it is', ''])
      expect(readableLine(line)).toBe(line)
  })

  it('shows no ::add-mask:: line, which holds the secret itself, nor debug output', () => {
    let out = ''
    const translator = lineTranslator(text => (out += text))
    translator.write('::add-mask::tok_SECRET_81f2\n::debug::settings\nupwatch: all 1 up\n::add-mask::x')
    translator.end()
    expect(out).toBe('upwatch: all 1 up\n')
  })

  it('translates line by line as the text streams in, whatever the chunks', () => {
    let out = ''
    const translator = lineTranslator(text => (out += text))
    for (const chunk of ['🟢 UP  web\n::err', 'or::a%0', 'Ab\n', 'plain\n::warning::last'])
      translator.write(chunk)
    expect(out).toBe('🟢 UP  web\nError: a\nb\nplain\n')
    translator.end()
    expect(out).toBe('🟢 UP  web\nError: a\nb\nplain\nWarning: last')
  })

  it('reads the GITHUB_OUTPUT file', () => {
    const text = 'up<<ghadelimiter_1\n2\nghadelimiter_1\nchanges<<ghadelimiter_2\n[\n]\nghadelimiter_2\n'
    expect(parseOutputs(text)).toEqual({ up: '2', changes: '[\n]' })
  })

  describe('what it says', () => {
    const values = resolveInputs(INPUTS, {}, {}, { targets: 'examples/upwatch.yml' })
    const files = { outputs: '/tmp/o.txt', summary: '/tmp/s.md' }
    const outputs = { up: '0', down: '3', degraded: '0', inconclusive: 'false' }

    it('says where state and mail go before the pass', () => {
      expect(openingLine(values)).toBe(
        'upwatch: one pass over examples/upwatch.yml, state in .upwatch/state.json, mail printed below'
      )
      expect(openingLine({ ...values, 'dynamodb-table': 'upwatch', 'sns-topic-arn': 'arn:topic' })).toBe(
        'upwatch: one pass over examples/upwatch.yml, state in the table upwatch, mail to arn:topic'
      )
    })

    it('after a conclusive pass: run it again, a steady state sends no mail', () => {
      expect(closingLines(outputs, values, files)).toEqual([
        'Outputs: up=0, down=3, degraded=0, inconclusive=false (all outputs in /tmp/o.txt)',
        'Job summary (Markdown): /tmp/s.md',
        'Run it again: a steady state sends no mail. Delete .upwatch/state.json to start afresh.'
      ])
      expect(closingLines(outputs, { ...values, 'dynamodb-table': 't' }, files)[2]).toBe(
        'Run it again: a steady state sends no mail.'
      )
    })

    it('after an inconclusive pass: a machine without internet, nothing recorded or mailed, what to do', () => {
      const text = closingLines({ ...outputs, inconclusive: 'true' }, values, files).join('\n')
      expect(text).not.toContain('Run it again')
      const said = text.replace(/\s+/g, ' ')
      expect(said).toContain('every target (or the canary) failed without an answer')
      expect(said).toContain('names that did not resolve, connections that timed out or found no route')
      expect(said).toContain('a machine without internet access, or behind a proxy')
      expect(said).toContain('it recorded nothing and mailed nothing')
      expect(said).toContain('Run it on a machine with internet access')
      expect(said).toContain('npm start -- --targets my.yml')
    })

    it('after a pass that stopped before its outputs: nothing, its error said it', () => {
      expect(closingLines({}, values, files)).toEqual([])
    })
  })
})
