package health.liaison.platform.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryEncodingCheckTest {

    @Test
    void wellFormedQueriesPass() {
        assertThat(QueryEncodingCheck.firstMalformed("name=Jos%C3%A9+Mar%C3%ADa&page=2&flag")).isNull();
        assertThat(QueryEncodingCheck.firstMalformed("q=%E2%82%AC%20")).isNull();
        assertThat(QueryEncodingCheck.decode("a+b%2Bc")).isEqualTo("a b+c");
    }

    @Test
    void theFirstBadParameterIsNamed() {
        assertThat(QueryEncodingCheck.firstMalformed("page=1&name=%ff%fe")).isEqualTo("name");
        assertThat(QueryEncodingCheck.firstMalformed("q=ab%zz")).isEqualTo("q");
        assertThat(QueryEncodingCheck.firstMalformed("q=ab%e")).isEqualTo("q");
        assertThat(QueryEncodingCheck.firstMalformed("q=%c3")).isEqualTo("q");
        // overlong encodings and lone surrogates are not UTF-8 either
        assertThat(QueryEncodingCheck.firstMalformed("q=%c0%af")).isEqualTo("q");
        assertThat(QueryEncodingCheck.firstMalformed("q=%ed%a0%80")).isEqualTo("q");
    }

    @Test
    void aNameThatCannotBeToldIsReportedAsTheQuery() {
        assertThat(QueryEncodingCheck.firstMalformed("%ff=1")).isEqualTo("query");
        assertThat(QueryEncodingCheck.firstMalformed("na%22me=%ff")).isEqualTo("query");
    }
}
