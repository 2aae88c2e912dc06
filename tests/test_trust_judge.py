"""scripts/trust_judge.py --agree: a judge's yes-rate and its agreement with another judge, per kind and split."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "trust_judge.py"
spec = importlib.util.spec_from_file_location("trust_judge", SCRIPT)
tj = importlib.util.module_from_spec(spec)
assert spec.loader is not None
spec.loader.exec_module(tj)


def test_agree_counts_only_items_both_judged(monkeypatch):
    rows = [
        {"story": "s", "split": "dev", "event": "e1", "entry": "a", "entry_sha1": "1", "title": "t", "title_sha1": "4"},
        {"story": "s", "split": "dev", "event": "e2", "entry": "b", "entry_sha1": "2", "title": None, "title_sha1": None},
        {"story": "s", "split": "test", "event": "e3", "entry": "c", "entry_sha1": "3", "title": "u", "title_sha1": "5"},
    ]
    judged = {
        ("s", "e1", "entry", "1"): {"j1": True, "j3": True},
        ("s", "e2", "entry", "2"): {"j1": True, "j3": False},
        ("s", "e3", "entry", "3"): {"j3": True},  # only j3: counts in its yes-rate, not in the agreement
        ("s", "e1", "title", "4"): {"j1": False, "j3": False},
        ("s", "e3", "title", "5"): {"j1": True, "j3": True},
    }
    monkeypatch.setattr(tj, "load_judged", lambda: judged)
    lines = tj.agree({"stories": {"events": rows}}, "j3", "j1")
    assert lines[0].split() == ["entry", "dev", "j3", "yes", "1/2", "j1", "yes", "2/2", "agreement", "1/2", "kappa", "0.00"]
    assert "j3 yes 1/1" in lines[1] and "agreement 0/0" in lines[1] and "kappa n/a" in lines[1]
    assert "j3 yes 2/3" in lines[2] and "agreement 1/2" in lines[2]
    assert "agreement 2/2" in lines[5] and "kappa 1.00" in lines[5]
