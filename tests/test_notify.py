"""A failing run posts one JSON message to the webhook; a clean run posts none."""

from __future__ import annotations

from conftest import article, write_file
from dateline.ingest import ingest


def run(workspace, url: str):
    return ingest(
        inbox=str(workspace["inbox"]),
        warehouse_path=str(workspace["warehouse"]),
        reports_dir=str(workspace["reports"]),
        webhook_url=url,
        return_state=True,
    )


def test_a_clean_run_posts_nothing(prefect_server, workspace, webhook) -> None:
    url, received = webhook
    write_file(workspace["inbox"], "001_aaaaaaaaaaaaaaaa.txt", article("2024-03-25", "Cambodia and Japan held talks."))
    assert run(workspace, url).result().status == "succeeded"
    assert received == []


def test_a_failed_validation_posts_one_message(prefect_server, workspace, webhook) -> None:
    url, received = webhook
    write_file(workspace["inbox"], "001_aaaaaaaaaaaaaaaa.txt", article("2024-03-25", "Cambodia and Japan held talks."))
    write_file(workspace["inbox"], "002_bbbbbbbbbbbbbbbb.txt", " date 1850-01-01 Old talks.")
    summary = run(workspace, url).result()
    assert len(received) == 1
    assert received[0]["path"] == "/hooks/dateline"
    assert received[0]["type"] == "application/json"
    assert received[0]["json"] == {
        "source": "dateline",
        "run_id": summary.run_id,
        "status": "succeeded",
        "error": None,
        "failed_suites": ["parsed_articles.critical"],
        "files_loaded": 1,
        "files_quarantined": 1,
        "report_path": summary.report_path,
    }


def test_a_failed_run_posts_its_error(prefect_server, workspace, webhook, tmp_path) -> None:
    url, received = webhook
    write_file(workspace["inbox"], "001_aaaaaaaaaaaaaaaa.txt", article("2024-03-25", "Cambodia and Japan held talks."))
    state = ingest(
        inbox=str(workspace["inbox"]),
        warehouse_path=str(workspace["warehouse"]),
        reports_dir=str(workspace["reports"]),
        expectations_dir=str(tmp_path / "no-such-expectations"),
        webhook_url=url,
        return_state=True,
    )
    summary = state.result(raise_on_failure=False)
    assert summary.status == "failed"
    assert [m["json"]["status"] for m in received] == ["failed"]
    assert received[0]["json"]["error"] == summary.error
