"""Reading levels: the default content reads easily; a deliberately hard sentence is flagged."""

from __future__ import annotations

from pathlib import Path

from toolkit.builder.pipeline import PROJECT_ROOT
from toolkit.checks.readability import readability_problems, reading_levels
from toolkit.content.project import load_project

HARD = (
    "Notwithstanding considerable methodological heterogeneity, longitudinal epidemiological "
    "investigations consistently demonstrate that unsupervised adolescent communication "
    "substantially exacerbates vulnerability to exploitative interpersonal manipulation."
)


def test_default_content_is_within_every_audience_limit() -> None:
    levels = reading_levels(load_project(PROJECT_ROOT / "content"))
    assert {(level.topic, level.audience) for level in levels} >= {
        ("online-enticement", "parents"),
        ("sextortion", "teens"),
        ("cyberbullying", "kids"),
    }
    assert [level for level in levels if level.too_hard] == []
    assert readability_problems(load_project(PROJECT_ROOT / "content")) == []


def test_a_hard_sentence_is_flagged_with_its_line(content: Path) -> None:
    topic = content / "topics/test-topic.yaml"
    topic.write_text(topic.read_text().replace("  - Second warning sign.", f'  - "{HARD}"', 1))
    [problem] = readability_problems(load_project(content))
    text = str(problem)
    assert text.startswith("content/topics/test-topic.yaml:13: warning_signs[1]: ")
    assert "the parent tip sheet reads at grade " in text
    assert text.endswith("use shorter sentences and words")


def test_hard_kids_card_is_flagged(content: Path) -> None:
    topic = content / "topics/test-topic.yaml"
    hard = "Interpersonal manipulation necessitates immediate communication."
    topic.write_text(
        topic.read_text().replace("text: Nobody gets to pressure you online.", f"text: {hard}", 1)
    )
    [problem] = readability_problems(load_project(content))
    assert str(problem).startswith(
        "content/topics/test-topic.yaml:21: key_messages[0]: youth cards for kids reads at grade "
    )


def test_hard_spanish_is_flagged_with_fernandez_huerta(content: Path) -> None:
    from toolkit.builder.scaffold import new_translation

    toolkit = content / "toolkit.yaml"
    toolkit.write_text(toolkit.read_text() + "translations: [es]\n")
    new_translation(content, "toolkit.yaml", "es")
    topic = new_translation(content, "topics/test-topic.yaml", "es")
    hard = (
        "La normativa vigente establece procedimientos administrativos extraordinariamente "
        "complejos para la interposición de reclamaciones."
    )
    text = topic.read_text().replace("  - Second warning sign.", f'  - "{hard}"', 1)
    topic.write_text(text.replace("  - First warning sign.", f'  - "{hard} {hard}"', 1))
    [problem] = readability_problems(load_project(content))
    text = str(problem)
    assert text.startswith(
        "content/topics/test-topic.es.yaml:20: warning_signs[0]: the parent tip sheet reads "
        "at Fernández-Huerta "
    )
    assert ", below 60 (grade 8); the hardest passage is this one (Fernández-Huerta " in text
    levels = [level for level in reading_levels(load_project(content)) if level.lang == "es"]
    assert {level.audience for level in levels} == {"parents", "kids", "teens", "all"}
