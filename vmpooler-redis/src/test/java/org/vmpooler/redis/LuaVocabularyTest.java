package org.vmpooler.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class LuaVocabularyTest {
    private static final Pattern STRING_LITERAL = Pattern.compile("'([^']*)'|\"([^\"]*)\"");

    @Test
    void noScriptSpellsANameTheVocabularyOwns() {
        List<String> spelled = new ArrayList<>();
        for (String resource : LuaScript.resources()) {
            String[] lines = LuaScript.read(resource).split("\n");
            for (int n = 0; n < lines.length; n++) {
                String code = lines[n].replaceFirst("--.*$", "");
                Matcher literal = STRING_LITERAL.matcher(code);
                while (literal.find()) {
                    String text = literal.group(1) != null ? literal.group(1) : literal.group(2);
                    if (LuaVocabulary.values().contains(text)) {
                        spelled.add(resource + ":" + (n + 1) + " spells '" + text + "'");
                    }
                }
            }
        }
        assertThat(spelled).as("literals to take from the vocabulary tables instead").isEmpty();
    }

    @Test
    void thePreludeDeclaresEveryTableWithTheJavaValues() {
        assertThat(LuaVocabulary.prelude())
                .contains("local VM = {", "checkout = 'checkout'", "token_user = 'token:user'")
                .contains("local REQUEST = {", "failure_reason = 'failure_reason'")
                .contains("local STATUS = {ready = 'ready', failed = 'failed', deleted = 'deleted'}")
                .contains("local TOKEN = {", "last = 'last'");
    }
}
