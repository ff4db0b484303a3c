"""The load bench's pieces (bench/load.py, viewer.py, replicaset.py, loadreport.py), and a
smoke run: one replica behind nginx on PostgreSQL, 3 scripted viewers, no error. Timings are
not asserted, only that they were measured. The smoke run is skipped, saying why, without
PostgreSQL (OUTAGES_TEST_PG_URL) or Debian's nginx."""

from __future__ import annotations

import os
import re

import numpy as np
import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import generate, load, loadreport, replicaset, viewer
from tests.conftest import PG_ENV, PG_SKIP

REPORT = "# Speed bench results\n\nintro\n\n## Targets\n\nT\n\n## Machine\n\nM\n"


@pytest.mark.parametrize("values", [[1.0], [3.0, 1.0], list(range(10)), [0.5] * 7,
                                    [0.1, 9.0, 0.2, 0.3, 5.0, 0.4]])
def test_p95_is_numpys_linear_percentile(values):
    assert load.p95(values) == pytest.approx(float(np.percentile(values, 95)))
    assert load.median(values) == pytest.approx(float(np.median(values)))


def test_no_times_give_no_figure():
    assert load.p95([]) is None and load.median([]) is None


@pytest.mark.parametrize("query", ["", "dataset=abc&service=power"])
def test_the_rerun_message_carries_the_query_and_the_page(query):
    msg = BackMsg()
    msg.ParseFromString(viewer.rerun_message("http://h/outages/", query))
    assert msg.WhichOneof("type") == "rerun_script"
    assert msg.rerun_script.query_string == query
    assert msg.rerun_script.context_info.url == "http://h/outages/"
    assert msg.rerun_script.page_script_hash == ""


def test_the_first_metric_is_read_from_a_delta():
    msg = ForwardMsg()
    msg.delta.new_element.metric.label = "Customers out (latest)"
    msg.delta.new_element.metric.body = "12\u202f345"
    assert viewer.first_metric(msg) == ("Customers out (latest)", "12\u202f345")
    other = ForwardMsg()
    other.delta.new_element.markdown.body = "hello"
    assert viewer.first_metric(other) is None
    assert viewer.plain("12\u202f345 ") == "12 345"


@pytest.mark.parametrize("ports", [[9001], [9001, 9002], [9001, 9002, 9003]])
def test_the_proxy_config_names_exactly_the_replicas(tmp_path, ports):
    text = replicaset.nginx_conf(tmp_path, 8999, ports, log_upstream=True).read_text()
    assert re.findall(r"server 127\.0\.0\.1:(\d+) max_fails=0;", text) == [str(p) for p in ports]
    assert "listen 127.0.0.1:8999;" in text and "access_log" in text and "$upstream_addr" in text
    assert "hash $route_key consistent;" in text  # affinity kept


@pytest.mark.parametrize("old", [REPORT, REPORT + "\n## Load over the proxy\n\nold table\n",
                                 REPORT.replace("## Machine", "## Load over the proxy\n\nold\n\n"
                                                "## Machine")])
def test_the_load_section_is_replaced_and_survives_a_rewrite(old):
    new = loadreport.replace_section(old, "## Load over the proxy\n\nnew table\n")
    assert new.count("## Load over the proxy") == 1 and "new table" in new and "old" not in new
    assert all(h in new for h in ("## Targets", "## Machine", "intro"))
    rewritten = loadreport.keep_section(new, REPORT)  # python -m bench writes its own report
    assert "new table" in rewritten and "## Targets" in rewritten
    assert loadreport.keep_section(REPORT, REPORT) == REPORT


def _run(replicas, viewers, p95, errors=None):
    return {"replicas": replicas, "viewers": viewers, "ok": viewers - sum((errors or {}).values()),
            "errors": errors or {}, "kpi_p95_s": p95}


@pytest.mark.parametrize("runs, verdict", [
    ([_run(1, 50, 2.0), _run(2, 100, 1.5)], "**met**"),
    ([_run(1, 50, 2.0), _run(2, 100, 2.5)], "**not met**"),
    ([_run(1, 50, 2.0), _run(2, 100, 1.0, {"timeout": 1})], "**not met**"),
    ([_run(1, 10, 2.0), _run(2, 100, 1.0)], "not measured"),
])
def test_the_acceptance_compares_two_replicas_at_100_with_one_at_50(runs, verdict):
    said = loadreport.acceptance(runs)
    assert verdict in said
    assert ("not met" in said) == (verdict == "**not met**")


@pytest.mark.skipif(not os.environ.get(PG_ENV), reason=PG_SKIP)
@pytest.mark.skipif(replicaset.nginx_missing() is not None,
                    reason=str(replicaset.nginx_missing()))
def test_three_viewers_through_the_proxy_get_their_first_kpi(tmp_path):
    path = generate.ensure(20_000, folder=tmp_path)
    with replicaset.fresh_schema(os.environ[PG_ENV], prefix="test_load") as store_url:
        env = {"OUTAGES_CACHE_DIR": str(tmp_path / "cache")}
        stored = load.ingest(path, store_url, env)
        assert stored["rows"] >= 20_000
        run, expect = load.run_one(store_url, env, 1, 3, 90.0, say=lambda text: None)
    figures = run.figures()
    assert figures["errors"] == {} and figures["ok"] == 3
    assert expect is not None and expect[0]  # the warm-up viewer saw a KPI card
    assert [v.kpi for v in run.visits] == [expect] * 3
    assert all(0 < v.kpi_s <= v.done_s for v in run.visits)
    assert figures["kpi_p95_s"] >= figures["kpi_median_s"] > 0
    assert run.split == [3]  # every session went through nginx to the one replica
    assert len(run.rss_before_mb) == len(run.rss_after_mb) == 1 and run.rss_after_mb[0] > 0
    assert figures["server_cpu_s"] > 0 and 0 < figures["machine_busy"] <= 1
    section = loadreport.render({"rows": 20_000, "stored_rows": stored["rows"],
                                 "ingest_s": stored["seconds"], "timeout_s": 90.0,
                                 "browser": {"skipped": "test"}, "runs": [figures],
                                 "seconds": 1.0})
    assert section.startswith(loadreport.HEADING) and "| 1 | 3 | 3 | 0 |" in section
