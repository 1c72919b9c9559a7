"""The Settings screen from the title: language and the player's pseudonym, typed with the
keyboard, kept in the settings file and written in the run file's header."""

from __future__ import annotations

import json

import pygame

from sim.runs.runfile import read_run


def test_pseudonym_typed_saved_and_in_the_run_file(make_app, tmp_path):
    d = make_app(player=None)
    assert d.app.player == "player"
    d.key(pygame.K_s)
    assert d.scene.name == "settings" and d.scene.focused_name() == "player"
    field = d.scene.field()
    d.key(pygame.K_BACKSPACE, times=10)
    assert field.text == ""
    d.type("Ann")
    d.key(pygame.K_q)  # a letter key while typing is no shortcut
    d.key(pygame.K_s)
    assert d.scene.name == "settings"
    d.type("a Lee!")
    d.key(pygame.K_BACKSPACE)
    assert field.text == "Anna Lee"
    d.key(pygame.K_RETURN)
    assert d.scene.name == "title" and d.app.player == "Anna Lee"
    saved = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert saved["player"] == "Anna Lee"
    d.new_game()
    assert read_run(d.app.session.path).header["player"] == "Anna Lee"


def test_language_in_settings_and_esc_keeps_the_old_name(make_app):
    d = make_app(player=None)
    d.click("settings")
    assert d.scene.name == "settings"
    d.click("language")
    assert d.app.lang == "ru" and d.scene.widget("language").label == "Русский"
    d.click("player")
    d.type("Zed")
    d.key(pygame.K_ESCAPE)
    assert d.scene.name == "title" and d.app.player == "player"
    d.key(pygame.K_s)
    assert d.scene.field().text == "player"


def test_empty_pseudonym_is_refused(make_app):
    d = make_app(player=None)
    d.key(pygame.K_s)
    d.key(pygame.K_BACKSPACE, times=10)
    d.type("   ")
    d.click("save")
    assert d.scene.name == "settings" and d.scene.message
    assert d.app.player == "player"


def test_long_pseudonym_is_cut_to_the_limit(make_app):
    d = make_app(player=None)
    d.key(pygame.K_s)
    d.type("x" * 100)
    assert len(d.scene.field().text) == 24


def test_command_line_player_wins(make_app, tmp_path):
    (tmp_path / "settings.json").write_text('{"player": "Saved"}', encoding="utf-8")
    assert make_app(player=None).app.player == "Saved"
    assert make_app(player="Cli").app.player == "Cli"
