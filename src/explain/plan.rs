//! Reading `EXPLAIN (FORMAT JSON)` output: the plan tree, and the nodes in it that read a
//! large table for want of an index. Pure: recorded plans in `testdata/explain/` test it.

use serde::Deserialize;

/// One node of a plan, with the fields sqlhound reads.
#[derive(Debug, Clone, Deserialize)]
pub struct Node {
    #[serde(rename = "Node Type")]
    pub node_type: String,
    #[serde(rename = "Relation Name")]
    pub relation: Option<String>,
    #[serde(rename = "Alias")]
    pub alias: Option<String>,
    #[serde(rename = "Total Cost")]
    pub total_cost: f64,
    #[serde(rename = "Plan Rows")]
    pub rows: f64,
    #[serde(rename = "Parallel Aware", default)]
    pub parallel: bool,
    #[serde(rename = "Workers Planned")]
    pub workers: Option<f64>,
    #[serde(rename = "Filter")]
    pub filter: Option<String>,
    #[serde(rename = "Hash Cond")]
    pub hash_cond: Option<String>,
    #[serde(rename = "Parent Relationship")]
    pub parent: Option<String>,
    #[serde(rename = "Sort Key", default)]
    pub sort_key: Vec<String>,
    #[serde(rename = "Plans", default)]
    pub plans: Vec<Node>,
}

/// `EXPLAIN (FORMAT JSON)` returns a one-element array of these.
#[derive(Debug, Deserialize)]
pub struct Explained {
    #[serde(rename = "Plan")]
    pub plan: Node,
}

/// A node that may want an index.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub kind: CandidateKind,
    pub relation: String,
    pub alias: String,
    /// The scan's filter (what an index should serve), when it has one.
    pub filter: Option<String>,
    /// The rows the scan is estimated to return, over all parallel workers.
    pub rows: f64,
    /// The rows an index condition fetches before the filter drops most of them, when the
    /// scan already uses an index (on the wrong columns).
    pub fetched: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum CandidateKind {
    /// A Seq Scan, or an index scan, with a filter.
    Filter { node_type: String },
    /// A Sort under a Limit: an index on the sort keys returns the first rows at once.
    TopN { keys: Vec<String>, input_rows: f64 },
    /// A hash join reading a whole large table to match a few rows of another: an index on
    /// the join key lets a nested loop look them up.
    Join { probe_rows: f64 },
}

/// The plan's nodes worth an index, top to bottom. `Plan Rows` of a parallel node is per
/// process: the planner divides by the workers plus the leader's share.
pub fn candidates(root: &Node) -> Vec<Candidate> {
    let mut found = Vec::new();
    walk(root, 1.0, None, &mut found);
    found
}

/// `limit` is the rows of the `Limit` right above, if any.
fn walk(node: &Node, processes: f64, limit: Option<f64>, found: &mut Vec<Candidate>) {
    let processes = node.workers.map_or(processes, parallel_divisor);
    let scale = if node.parallel { processes } else { 1.0 };
    match node.node_type.as_str() {
        "Seq Scan" | "Index Scan" | "Index Only Scan" | "Bitmap Heap Scan" => {
            if let (Some(relation), Some(filter)) = (&node.relation, &node.filter) {
                let fetched = node
                    .plans
                    .iter()
                    .find(|child| child.node_type == "Bitmap Index Scan")
                    .map(|child| child.rows);
                found.push(Candidate {
                    kind: CandidateKind::Filter {
                        node_type: node.node_type.clone(),
                    },
                    relation: relation.clone(),
                    alias: node.alias.clone().unwrap_or_else(|| relation.clone()),
                    filter: Some(filter.clone()),
                    rows: node.rows * scale,
                    fetched,
                });
            }
        }
        "Sort" if limit.is_some() => {
            if let (Some(scan), Some(limit)) = (single_scan(node), limit) {
                let input = &node.plans[0];
                found.push(Candidate {
                    kind: CandidateKind::TopN {
                        keys: node.sort_key.clone(),
                        input_rows: input.rows * if input.parallel { processes } else { 1.0 },
                    },
                    relation: scan.relation.clone().unwrap_or_default(),
                    alias: scan
                        .alias
                        .clone()
                        .or_else(|| scan.relation.clone())
                        .unwrap_or_default(),
                    filter: scan.filter.clone(),
                    rows: limit,
                    fetched: None,
                });
            }
        }
        "Hash Join" => {
            if let Some(candidate) = hash_join(node, processes) {
                found.push(candidate);
            }
        }
        _ => {}
    }
    // A Limit reaches its Sort through Gather Merge (parallel plans) and nothing else.
    let limit = match node.node_type.as_str() {
        "Limit" => Some(node.rows),
        "Gather Merge" => limit,
        _ => None,
    };
    for child in &node.plans {
        walk(child, processes, limit, found);
    }
}

/// PostgreSQL's `get_parallel_divisor`: the leader does 30% less for each worker it starts.
fn parallel_divisor(workers: f64) -> f64 {
    workers + (1.0 - 0.3 * workers).max(0.0)
}

/// A hash join whose outer side scans a whole table to match the rows of the hashed side.
fn hash_join(join: &Node, processes: f64) -> Option<Candidate> {
    let condition = join.hash_cond.as_ref()?;
    let outer = join
        .plans
        .iter()
        .find(|child| child.parent.as_deref() == Some("Outer"))?;
    let relation = outer.relation.as_ref()?;
    if outer.node_type != "Seq Scan" {
        return None;
    }
    let scale = |node: &Node| if node.parallel { processes } else { 1.0 };
    let filter = match &outer.filter {
        Some(filter) => format!("({condition} AND {filter})"),
        None => condition.clone(),
    };
    Some(Candidate {
        kind: CandidateKind::Join {
            probe_rows: outer.rows * scale(outer),
        },
        relation: relation.clone(),
        alias: outer.alias.clone().unwrap_or_else(|| relation.clone()),
        filter: Some(filter),
        rows: join.rows * scale(join),
        fetched: None,
    })
}

/// The table scan under a sort, when the sort reads one table and nothing else.
fn single_scan(sort: &Node) -> Option<&Node> {
    let [input] = sort.plans.as_slice() else {
        return None;
    };
    (input.relation.is_some() && input.plans.is_empty() && input.node_type == "Seq Scan")
        .then_some(input)
}

/// The limits a candidate must pass to be reported (the CLI's `--explain-*` options).
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    /// Tables with fewer rows are read whole cheaply.
    pub min_rows: f64,
    /// Plans cheaper than this are not worth an index.
    pub min_cost: f64,
    /// The largest share of the table a scan may keep and still want an index.
    pub max_fraction: f64,
}

impl Thresholds {
    /// `--explain-min-rows`'s default.
    pub const MIN_ROWS: f64 = 10_000.0;
    /// `--explain-min-cost`'s default.
    pub const MIN_COST: f64 = 100.0;
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            min_rows: Self::MIN_ROWS,
            min_cost: Self::MIN_COST,
            max_fraction: 0.05,
        }
    }
}

/// Whether a candidate is worth an index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    No,
    Yes,
    /// Only a hypothetical index can tell: plain EXPLAIN does not show how many rows an
    /// `Index Scan` fetches before its filter.
    IfProven,
}

/// Whether the candidate reads a large table to keep a small part of it. `table_rows` is
/// the table's `reltuples`; `plan_cost` the whole plan's cost.
pub fn worth_an_index(
    candidate: &Candidate,
    table_rows: f64,
    plan_cost: f64,
    limits: &Thresholds,
) -> Verdict {
    if table_rows < limits.min_rows || plan_cost < limits.min_cost {
        return Verdict::No;
    }
    let kept = candidate.rows / table_rows;
    let yes = |worth: bool| if worth { Verdict::Yes } else { Verdict::No };
    match &candidate.kind {
        CandidateKind::Filter { node_type } => match (node_type.as_str(), candidate.fetched) {
            ("Seq Scan", _) => yes(kept <= limits.max_fraction),
            // An index on other columns fetches many rows, the filter drops most of them.
            (_, Some(fetched)) => {
                yes(fetched / table_rows > limits.max_fraction && candidate.rows * 10.0 <= fetched)
            }
            (_, None) if kept <= limits.max_fraction => Verdict::IfProven,
            _ => Verdict::No,
        },
        CandidateKind::TopN { input_rows, .. } => yes(*input_rows >= limits.min_rows),
        // Worth it when few rows match: each is then one index lookup.
        CandidateKind::Join { probe_rows } => {
            yes(*probe_rows >= limits.min_rows && kept <= limits.max_fraction)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(name: &str) -> Node {
        let path = format!(
            "{}/testdata/explain/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut roots: Vec<Explained> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        roots.remove(0).plan
    }

    #[test]
    fn a_parallel_seq_scan_under_a_top_n_sort_counts_every_worker() {
        let found = candidates(&plan("parallel_top_n"));
        assert_eq!(found.len(), 2, "{found:#?}");
        let CandidateKind::TopN { keys, input_rows } = &found[0].kind else {
            panic!("{found:#?}")
        };
        assert_eq!(keys, &["created_at"]);
        assert_eq!(*input_rows, 12.0);
        assert_eq!(found[1].relation, "orders");
        assert_eq!(found[1].rows, 12.0);
        assert_eq!(
            found[1].filter.as_deref(),
            Some("((created_at > $2) AND (customer_id = $1))")
        );
        let limits = Thresholds::default();
        assert_eq!(found[0].rows, 10.0, "the rows the Limit returns");
        assert_eq!(
            worth_an_index(&found[0], 200_000.0, 7454.0, &limits),
            Verdict::No
        );
        assert_eq!(
            worth_an_index(&found[1], 200_000.0, 4432.76, &limits),
            Verdict::Yes
        );
        assert_eq!(
            worth_an_index(&found[1], 5_000.0, 4432.76, &limits),
            Verdict::No
        );
        assert_eq!(
            worth_an_index(&found[1], 200_000.0, 40.0, &limits),
            Verdict::No
        );
    }

    #[test]
    fn a_hash_join_probing_a_whole_table_for_a_few_keys() {
        let found = candidates(&plan("hash_join_seq_scan"));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].alias, "o");
        assert_eq!(found[0].filter.as_deref(), Some("(o.customer_id = c.id)"));
        let CandidateKind::Join { probe_rows } = found[0].kind else {
            panic!("{found:#?}")
        };
        assert!((probe_rows - 200_000.0).abs() < 1.0, "{probe_rows}");
        assert_eq!(
            worth_an_index(&found[0], 200_000.0, 7271.61, &Thresholds::default()),
            Verdict::Yes
        );
    }

    #[test]
    fn a_bitmap_scan_on_the_wrong_index_keeps_little_of_what_it_fetches() {
        let found = candidates(&plan("bitmap_wrong_index"));
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].fetched, Some(40_280.0));
        let limits = Thresholds::default();
        assert_eq!(
            worth_an_index(&found[0], 200_000.0, 3_000.0, &limits),
            Verdict::Yes
        );
    }

    #[test]
    fn an_index_scan_without_a_filter_and_a_sort_without_a_limit_are_fine() {
        assert!(candidates(&plan("index_scan")).is_empty());
        let sort = candidates(&plan("sort_without_limit"));
        assert!(
            sort.iter()
                .all(|c| matches!(c.kind, CandidateKind::Filter { .. })),
            "{sort:#?}"
        );
    }

    #[test]
    fn a_scan_keeping_most_of_the_table_needs_no_index() {
        let found = candidates(&plan("seq_scan_most_rows"));
        assert_eq!(found.len(), 1);
        assert_eq!(
            worth_an_index(&found[0], 200_000.0, 4_000.0, &Thresholds::default()),
            Verdict::No
        );
    }
}
