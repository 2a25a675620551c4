// The targets path stays in the workspace: in GitHub Actions a targets file outside GITHUB_WORKSPACE, after
// symbolic links, is refused before it is read, so that a workflow or a link in the repository cannot make
// upwatch read (and quote in an error) any file the runner can.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Redactor } from '../src/redact.js'
import { readSettings } from '../src/settings.js'
import { loadTargets } from '../src/targets/load.js'
import { locate, readTargetsText } from '../src/targets/source.js'

const saved = { ...process.env }
let root: string
let workspace: string
let outside: string
const SECRET = 'API_KEY=sk-live-0123456789abcdef'
const TARGETS = 'targets:\n  - { name: a, url: "https://a.example" }\n'

beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'upwatch-workspace-')))
  workspace = path.join(root, 'repo')
  outside = path.join(root, 'secret.env')
  mkdirSync(path.join(workspace, '.github'), { recursive: true })
  writeFileSync(path.join(workspace, '.github', 'upwatch.yml'), TARGETS)
  writeFileSync(outside, `${SECRET}\n`)
  symlinkSync(outside, path.join(workspace, '.github', 'link.yml'))
  symlinkSync(root, path.join(workspace, 'up'))
  symlinkSync(path.join(workspace, '.github', 'upwatch.yml'), path.join(workspace, 'inside.yml'))
  symlinkSync(workspace, path.join(root, 'linked-repo'))
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

afterEach(() => {
  process.env = { ...saved }
})

const read = (file: string, confinedTo?: string) =>
  readTargetsText(
    locate(file, confinedTo),
    () => 'us-east-1',
    () => Promise.resolve(undefined)
  )

const why =
  'In GitHub Actions upwatch reads only a targets file in the workspace, so that a workflow or a link in the repository ' +
  'cannot make it read (and quote in an error) any file the runner can: put the file in the repository, or give an s3://bucket/key URI.'

describe('a targets file in GitHub Actions', () => {
  it('is read inside the workspace, through links that stay inside, and when the workspace is a link', async () => {
    await expect(read(path.join(workspace, '.github', 'upwatch.yml'), workspace)).resolves.toBe(TARGETS)
    await expect(read(path.join(workspace, 'inside.yml'), workspace)).resolves.toBe(TARGETS)
    const linked = path.join(root, 'linked-repo')
    await expect(read(path.join(linked, '.github', 'upwatch.yml'), linked)).resolves.toBe(TARGETS)
  })

  it.each([
    ['above the workspace', () => path.join(workspace, '..', 'secret.env'), () => ''],
    [
      'a link to a file outside',
      () => path.join(workspace, '.github', 'link.yml'),
      () => `, which leads to ${outside} through a symbolic link,`
    ],
    [
      'in a linked folder that leads outside',
      () => path.join(workspace, 'up', 'secret.env'),
      () => `, which leads to ${outside} through a symbolic link,`
    ],
    [
      'missing, in a linked folder that leads outside',
      () => path.join(workspace, 'up', 'nothing.yml'),
      () => `, which leads to ${path.join(root, 'nothing.yml')} through a symbolic link,`
    ]
  ])('is refused %s, with why', async (_, file, leads) => {
    const given = path.resolve(file())
    await expect(read(given, workspace)).rejects.toThrow(
      `The targets file ${given}${leads()} is outside the workspace ${workspace}. ${why}`
    )
  })

  it('is refused from the inputs, before it is read, and s3:// is not confined', async () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, AWS_REGION: 'us-east-1' }
    process.env.INPUT_TARGETS = '../secret.env'
    const error = await loadTargets(readSettings(env), new Redactor(), () =>
      Promise.resolve(undefined)
    ).catch((caught: unknown) => caught as Error)
    expect(error).toBeInstanceOf(Error)
    expect((error as Error).message).toBe(
      `The targets file ${outside} is outside the workspace ${workspace}. ${why}`
    )
    expect((error as Error).message).not.toContain('sk-live')
    process.env.INPUT_TARGETS = 's3://bucket/targets.yml'
    expect(locate(readSettings(env).targets, workspace)).toEqual({
      kind: 's3',
      bucket: 'bucket',
      key: 'targets.yml',
      uri: 's3://bucket/targets.yml'
    })
  })

  it('is not confined outside GitHub Actions, where the person running it chose the file', async () => {
    process.env.INPUT_TARGETS = '../secret.env'
    const settings = readSettings({ GITHUB_WORKSPACE: workspace })
    await expect(loadTargets(settings, new Redactor(), () => Promise.resolve(undefined))).rejects.toThrow(
      `${outside} is not a valid targets file:\n  - line 1, top level: expected a mapping, got the string "API_KEY=`
    )
  })
})
