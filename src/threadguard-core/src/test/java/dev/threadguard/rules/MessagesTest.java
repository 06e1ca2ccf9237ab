package dev.threadguard.rules;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesTest {

    @Test
    void listsJoinTheLastItemWithAnd() {
        assertThat(Messages.list(List.of("a"))).isEqualTo("a");
        assertThat(Messages.list(List.of("a", "b"))).isEqualTo("a and b");
        assertThat(Messages.list(List.of("a", "b", "c"))).isEqualTo("a, b and c");
        assertThat(Messages.listInCode(List.of("Account.lock", "Account.this"))).isEqualTo("`Account.lock` and `Account.this`");
    }
}
