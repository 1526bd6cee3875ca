// GitLab's widely used client (@gitbeaker/rest) against the fake: every call FluxOps' GitLabClient makes.
import { Gitlab } from '@gitbeaker/rest';
import { plan, step, finish } from './witness-common.mjs';

const api = new Gitlab({ host: plan.api, token: plan.token });
const project = plan.project;
const text = async (raw) => (typeof raw === 'string' ? raw : await raw.text());

await step('readRef', async () => (await api.Branches.show(project, plan.branch)).commit.id);
await step('readCommit', async () => {
  const commit = await api.Commits.show(project, plan.bad);
  const diff = await api.Commits.showDiff(project, plan.bad);
  return { sha: commit.id, message: commit.message, parents: commit.parent_ids, files: diff.flatMap((d) => [d.old_path, d.new_path]) };
});
await step('listCommits', async () => {
  const shas = [];
  for (const page of [1, 2]) {
    shas.push(...(await api.Commits.all(project, { refName: plan.branch, perPage: 2, page })).map((c) => c.id));
  }
  return shas;
});
await step('readTree', async () =>
  (await api.Repositories.allRepositoryTrees(project, { ref: plan.parent, recursive: true, perPage: 100 })).filter((e) => e.type === 'blob').map((e) => ({ path: e.path, mode: e.mode, id: e.id })));
await step('readFile', async () => text(await api.RepositoryFiles.showRaw(project, plan.path, plan.parent)));
await step('readRevertedFile', async () => text(await api.RepositoryFiles.showRaw(project, plan.path, plan.branch)));

// A commit with actions on a new branch started at the tip (how FluxOps proposes), a second start of the same
// branch, and an update whose last_commit_id is stale.
const update = (content, lastCommitId) => [{ action: 'update', filePath: plan.path, content, ...(lastCommitId ? { lastCommitId } : {}) }];
await step('createBranchWithCommit', async () =>
  (await api.Commits.create(project, plan.proposal, 'witness change', update('witness: true\n'), { startSha: plan.tip, authorName: 'Witness', authorEmail: 'witness@example.test' })).id);
await step('createBranchAgain', async () => (await api.Commits.create(project, plan.proposal, 'again', update('again: true\n'), { startSha: plan.tip })).id);
await step('commitStaleLastCommitId', async () => (await api.Commits.create(project, plan.branch, 'stale', update('stale: true\n', plan.parent))).id);
await step('openMergeRequest', async () => {
  const mr = await api.MergeRequests.create(project, plan.proposal, plan.branch, 'witness', { description: 'opened by @gitbeaker/rest' });
  return { number: mr.iid, url: mr.web_url };
});
await step('openMergeRequestAgain', async () => (await api.MergeRequests.create(project, plan.proposal, plan.branch, 'again')).web_url);
await step('findMergeRequest', async () =>
  (await api.MergeRequests.all({ projectId: project, sourceBranch: plan.proposal, targetBranch: plan.branch, state: 'all' })).map((m) => ({ url: m.web_url, state: m.state })));
await step('unknownRepository', async () => (await api.Commits.show('acme/nope', plan.bad)).id);
finish();
