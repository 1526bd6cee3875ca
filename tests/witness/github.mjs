// GitHub's own client (@octokit/rest) against the fake: every call FluxOps' GitHubClient makes, done the Octokit way.
import { Octokit } from '@octokit/rest';
import { plan, step, finish } from './witness-common.mjs';

const octokit = new Octokit({ auth: plan.token, baseUrl: `${plan.api}/api/v3`, request: { retries: 0 } });
const repo = { owner: plan.owner, repo: plan.repo };
const decode = (data) => Buffer.from(data.content, data.encoding).toString('utf8');

const tip = await step('readRef', async () => (await octokit.rest.git.getRef({ ...repo, ref: `heads/${plan.branch}` })).data.object.sha);
const bad = await step('readCommit', async () => {
  const { data } = await octokit.rest.repos.getCommit({ ...repo, ref: plan.bad });
  return { sha: data.sha, message: data.commit.message, parents: data.parents.map((p) => p.sha), tree: data.commit.tree.sha, files: data.files.map((f) => f.filename) };
});
await step('listCommits', async () => {
  const pages = [];
  for (const page of [1, 2]) {
    pages.push(...(await octokit.rest.repos.listCommits({ ...repo, sha: plan.branch, per_page: 2, page })).data.map((c) => c.sha));
  }
  return pages;
});
const parentTree = await step('readTree', async () =>
  (await octokit.rest.git.getTree({ ...repo, tree_sha: plan.parentTree, recursive: '1' })).data.tree.map((e) => ({ path: e.path, mode: e.mode, type: e.type, sha: e.sha })));
const entry = parentTree.ok ? parentTree.value.find((e) => e.path === plan.path) : undefined;
const good = await step('readFile', async () => decode((await octokit.rest.git.getBlob({ ...repo, file_sha: entry.sha })).data));
await step('readRevertedFile', async () => {
  const { data } = await octokit.rest.repos.getContent({ ...repo, path: plan.path, ref: plan.branch });
  return decode(data);
});

// Write the same file-level revert FluxOps writes, on a branch of its own: blob, tree on base_tree, commit, ref.
const blob = await step('createBlob', async () => (await octokit.rest.git.createBlob({ ...repo, content: Buffer.from(good.value).toString('base64'), encoding: 'base64' })).data.sha);
const tree = await step('createTree', async () =>
  (await octokit.rest.git.createTree({ ...repo, base_tree: plan.tipTree, tree: [{ path: plan.path, mode: entry.mode, type: 'blob', sha: blob.value }] })).data.sha);
const commit = await step('createCommit', async () =>
  (await octokit.rest.git.createCommit({ ...repo, message: 'witness revert', tree: tree.value, parents: [tip.value], author: { name: 'Witness', email: 'witness@example.test', date: '2024-01-01T00:00:00Z' } })).data.sha);
await step('createBranch', async () => (await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${plan.proposal}`, sha: commit.value })).data.object.sha);
await step('createBranchAgain', async () => (await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${plan.proposal}`, sha: commit.value })).data.object.sha);
await step('moveRefStale', async () => (await octokit.rest.git.updateRef({ ...repo, ref: `heads/${plan.branch}`, sha: plan.stale, force: false })).data.object.sha);
await step('moveRef', async () => {
  const next = (await octokit.rest.git.createCommit({ ...repo, message: 'witness follow-up', tree: tree.value, parents: [commit.value] })).data.sha;
  return (await octokit.rest.git.updateRef({ ...repo, ref: `heads/${plan.proposal}`, sha: next, force: false })).data.object.sha;
});
await step('openPullRequest', async () => {
  const { data } = await octokit.rest.pulls.create({ ...repo, head: plan.proposal, base: plan.branch, title: 'witness', body: 'opened by @octokit/rest' });
  return { number: data.number, url: data.html_url };
});
await step('openPullRequestAgain', async () => (await octokit.rest.pulls.create({ ...repo, head: plan.proposal, base: plan.branch, title: 'again' })).data.html_url);
await step('findPullRequest', async () =>
  (await octokit.rest.pulls.list({ ...repo, head: `${plan.owner}:${plan.proposal}`, base: plan.branch, state: 'all' })).data.map((p) => ({ url: p.html_url, state: p.state })));
await step('unknownRepository', async () => (await octokit.rest.repos.getCommit({ owner: plan.owner, repo: 'nope', ref: plan.bad })).data.sha);
finish();
