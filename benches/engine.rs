//! Criterion benchmarks of the engine (native, `cargo bench --bench engine`): settling random
//! clusters of 1k × 1k and 10k × 10k volumes × claims, and explaining one claim against 10k
//! volumes; the cluster graph of 200 objects laid out; Diagnose mode on a generated 5,000-object
//! kubectl dump (parse, import and diagnose, then each step alone). Figures and method:
//! BENCHMARKS.md.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use pv_engine::generate::random_cluster;
use std::hint::black_box;
use std::time::Duration;

fn settle(c: &mut Criterion) {
    let mut group = c.benchmark_group("settle");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(10));
    for n in [1_000usize, 10_000] {
        // Only the control loop running to a steady state is measured: building the cluster
        // happens in setup, and returning it lets criterion drop it outside the timing.
        group.bench_function(format!("{n}x{n}"), |b| {
            b.iter_batched(
                || random_cluster(n, n, 42),
                |mut cluster| {
                    black_box(cluster.settle());
                    cluster
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

fn explain(c: &mut Criterion) {
    let mut cluster = random_cluster(10_000, 10_000, 42);
    cluster.settle();
    // A claim that stayed Pending, so every volume gets a verdict with its reason.
    let pending = cluster
        .claims()
        .find(|c| c.status.phase == pv_engine::objects::ClaimPhase::Pending)
        .map(|c| {
            (
                c.metadata.namespace.clone().unwrap_or_default(),
                c.metadata.name.clone(),
            )
        })
        .expect("the random cluster leaves some claims pending");
    c.bench_function("explain one claim against 10k volumes", |b| {
        b.iter(|| black_box(cluster.explain_claim(&pending.0, &pending.1)))
    });
}

/// What the page redoes after one edit of a 200-object cluster: the cluster graph's model and
/// its layout (the view memoises both on the cluster, so this runs once per change).
fn cluster_graph_200(c: &mut Criterion) {
    use pv_core::diagram::{cluster_graph, cluster_layout_options, layout};
    let cluster = pv_engine::generate::workload_cluster(200, 1);
    let opts = cluster_layout_options();
    c.bench_function("cluster graph of 200 objects: model and layout", |b| {
        b.iter(|| {
            let g = cluster_graph(black_box(&cluster));
            black_box(layout(&g.graph, &opts))
        })
    });
}

fn diagnose(c: &mut Criterion) {
    use pv_core::diagnose::{diagnose, diagnose_text};
    use pv_core::manifest;
    use pv_engine::Cluster;
    use pv_fixtures::dump::kubectl_dump;
    let text = kubectl_dump(5_000, 1);
    let mut group = c.benchmark_group("diagnose 5000 objects");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("parse+import+diagnose", |b| {
        b.iter(|| black_box(diagnose_text(&text).map(|d| d.pending)))
    });
    group.bench_function("parse", |b| b.iter(|| black_box(manifest::parse(&text))));
    let objects = manifest::parse(&text).into_objects();
    group.bench_function("import", |b| {
        b.iter_batched(
            || objects.clone(),
            |objects| {
                let mut cluster = Cluster::new();
                black_box(cluster.import(objects).is_ok());
                cluster
            },
            BatchSize::LargeInput,
        )
    });
    let mut cluster = Cluster::new();
    cluster.import(objects).expect("the dump imports");
    group.bench_function("diagnose", |b| b.iter(|| black_box(diagnose(&cluster))));
    group.finish();
}

criterion_group!(benches, settle, explain, cluster_graph_200, diagnose);
criterion_main!(benches);
