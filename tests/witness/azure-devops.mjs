// Microsoft's own client (azure-devops-node-api) against the fake: location discovery, then every call FluxOps'
// AzureDevOpsClient makes. Enums travel as numbers in this client's requests; the service accepts both.
import azdev from 'azure-devops-node-api';
import gitInterfaces from 'azure-devops-node-api/interfaces/GitInterfaces.js';
import { plan, step, finish } from './witness-common.mjs';

const { GitVersionType, VersionControlChangeType, ItemContentType, PullRequestStatus, VersionControlRecursionType } = gitInterfaces;
const connection = new azdev.WebApi(`${plan.api}/${plan.organization}`, azdev.getPersonalAccessTokenHandler(plan.token));
const git = await connection.getGitApi();
const [project, repository] = [plan.project, plan.repository];
// The portal's address of the repository: pull request answers carry only its git remote and API URLs.
const web = `${plan.api}/${plan.organization}/${project}/_git/${repository}`;
const streamText = async (stream) => {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
};
const commitOf = (sha) => ({ version: sha, versionType: GitVersionType.Commit });

await step('readRef', async () => (await git.getRefs(repository, project, `heads/${plan.branch}`)).find((r) => r.name === `refs/heads/${plan.branch}`).objectId);
await step('readCommit', async () => {
  const commit = await git.getCommit(plan.bad, repository, project);
  const changes = await git.getChanges(plan.bad, repository, project);
  return { sha: commit.commitId, message: commit.comment, parents: commit.parents, files: changes.changes.map((c) => c.item.path.replace(/^\//, '')) };
});
await step('listCommits', async () => {
  const shas = [];
  for (const skip of [0, 2]) {
    const page = await git.getCommits(repository, { itemVersion: { version: plan.branch, versionType: GitVersionType.Branch }, $skip: skip, $top: 2 }, project);
    shas.push(...page.map((c) => c.commitId));
  }
  return shas;
});
await step('readTree', async () =>
  (await git.getItems(repository, project, '/', VersionControlRecursionType.Full, false, false, false, false, commitOf(plan.parent)))
    .filter((i) => !i.isFolder).map((i) => ({ path: i.path.replace(/^\//, ''), id: i.objectId })));
await step('readFile', async () => streamText(await git.getItemContent(repository, plan.path, project, undefined, undefined, false, false, false, commitOf(plan.parent))));
await step('readRevertedFile', async () =>
  streamText(await git.getItemContent(repository, plan.path, project, undefined, undefined, false, false, false, { version: plan.branch, versionType: GitVersionType.Branch })));

const push = (refName, oldObjectId, parents, content) => git.createPush({
  refUpdates: [{ name: refName, oldObjectId }],
  commits: [{
    comment: 'witness change',
    parents,
    changes: [{ changeType: VersionControlChangeType.Edit, item: { path: `/${plan.path}` }, newContent: { content: Buffer.from(content).toString('base64'), contentType: ItemContentType.Base64Encoded } }],
  }],
}, repository, project);
const zero = '0'.repeat(40);
await step('createBranchWithPush', async () => (await push(`refs/heads/${plan.proposal}`, zero, [plan.tip], 'witness: true\n')).commits[0].commitId);
await step('createBranchAgain', async () => (await push(`refs/heads/${plan.proposal}`, zero, [plan.tip], 'again: true\n')).commits[0].commitId);
await step('pushStaleOldObjectId', async () => (await push(`refs/heads/${plan.branch}`, plan.parent, undefined, 'stale: true\n')).commits[0].commitId);
await step('openPullRequest', async () => {
  const pr = await git.createPullRequest({ sourceRefName: `refs/heads/${plan.proposal}`, targetRefName: `refs/heads/${plan.branch}`, title: 'witness', description: 'opened by azure-devops-node-api' }, repository, project);
  return { number: pr.pullRequestId, url: `${web}/pullrequest/${pr.pullRequestId}` };
});
await step('openPullRequestAgain', async () =>
  (await git.createPullRequest({ sourceRefName: `refs/heads/${plan.proposal}`, targetRefName: `refs/heads/${plan.branch}`, title: 'again' }, repository, project)).pullRequestId);
await step('findPullRequest', async () =>
  (await git.getPullRequests(repository, { sourceRefName: `refs/heads/${plan.proposal}`, targetRefName: `refs/heads/${plan.branch}`, status: PullRequestStatus.All }, project))
    .map((p) => ({ url: `${web}/pullrequest/${p.pullRequestId}`, status: p.status })));
await step('unknownRepository', async () => (await git.getCommit(plan.bad, 'nope', project))?.commitId ?? null);
finish();
