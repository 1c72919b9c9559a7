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


def test_the_key_that_opens_settings_is_not_typed_into_the_pseudonym(make_app):
    # SDL sends KEYDOWN "s" and then TEXTINPUT "s": the second one used to reach the field
    d = make_app(player=None)
    d.press(pygame.K_s, "s")
    assert d.scene.name == "settings" and d.scene.field().text == "player"
    d.press(pygame.K_a, "a")  # typing in the field still types
    d.press(pygame.K_s, "s")
    assert d.scene.field().text == "playeras"
    d.key(pygame.K_ESCAPE)
    d.press(pygame.K_s, "s")
    assert d.scene.field().text == "player"


def test_text_size_by_keys_and_in_settings_is_remembered(make_app, tmp_path):
    d = make_app(player=None)
    small = d.app.painter.line_height("small")
    d.key(pygame.K_EQUALS, mod=pygame.KMOD_CTRL)
    assert d.app.text_scale > 1 and d.app.painter.line_height("small") > small
    d.key(pygame.K_s)
    before = d.app.text_scale
    d.click("text_larger")
    assert d.app.text_scale > before
    d.key(pygame.K_MINUS, mod=pygame.KMOD_CTRL)  # the pseudonym field has focus: still works
    assert d.app.text_scale == before and d.scene.field().text == "player"
    saved = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert saved["text_scale"] == before
    d.key(pygame.K_0, mod=pygame.KMOD_CTRL)
    assert d.app.text_scale == 1.0
    d.click("text_smaller")  # disabled at the smallest size
    assert d.app.text_scale == 1.0
