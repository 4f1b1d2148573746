#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vgrev/render.h"
#include "vgrev/utf8.h"

/* A block of a rich text (table fields stay 0). */
#define BLK(k, d, o, l, s, n)                                                                      \
    {                                                                                              \
        .kind = (k), .depth = (d), .ordinal = (o), .line = (l), .spans = (s), .nspans = (n)        \
    }

#define LIT(s) (s), (sizeof(s) - 1)
#define SPAN(t, st)                                                                                \
    {                                                                                              \
        (t), sizeof(t) - 1, (st)                                                                   \
    }
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- math ------------------------------------------------------------------------------ */

/* clang-format off */
static const struct {
    const char *tex, *want;
} math_cases[] = {
    /* The seed notebook's formulas, in order. */
    {"T", "T"},
    {"L", "L"},
    {"W_{hh}", "W_hh"},
    {"\\frac{\\partial L}{\\partial W_{hh}} = \\sum_{t=1}^T \\frac{\\partial L}{\\partial h_t} "
     "\\frac{\\partial h_t}{\\partial W_{hh}}",
     "∂L/∂W_hh = ∑ₜ₌₁ᵀ ∂L/∂hₜ ∂hₜ/∂W_hh"},
    {"\\frac{\\partial h_t}{\\partial h_{t-1}} = f'(W_{hh} h_{t-1} + W_{xh} x_t) W_{hh}",
     "∂hₜ/∂hₜ₋₁ = f′(W_hh hₜ₋₁ + W_xh xₜ) W_hh"},
    {"f'", "f′"},
    {"\\prod_{t'=t-T+1}^{t-1} \\frac{\\partial h_{t'}}{\\partial h_{t'-1}}",
     "∏_(t′=t-T+1)^(t-1) ∂hₜ′/∂hₜ′₋₁"},
    {"\\frac{\\partial h_t}{\\partial h_k} = \\prod_{i=k+1}^{t} "
     "\\operatorname{diag}(f'(a_i))\\, W_{hh}",
     "∂hₜ/∂hₖ = ∏ᵢ₌ₖ₊₁ᵗ diag(f′(aᵢ)) W_hh"},
    {"\\lVert W_{hh} \\rVert", "‖W_hh‖"},
    {"\\sigma'(x) = \\sigma(x)(1-\\sigma(x)) \\le 1/4", "σ′(x) = σ(x)(1-σ(x)) ≤ 1/4"},
    {"1 - \\tanh^2(x)", "1 - tanh²(x)"},
    /* DESIGN §3 and the rules in render.h. */
    {"\\frac{\\partial L}{\\partial W_{hh}}", "∂L/∂W_hh"},
    {"\\prod_{k=t+1}^{T}", "∏ₖ₌ₜ₊₁ᵀ"},
    {"x_{t+1}", "xₜ₊₁"},
    {"e^{-x}", "e⁻ˣ"},
    {"h_{t'}", "hₜ′"},
    {"h_t", "hₜ"},
    {"x_{10}^{2n}", "x₁₀²ⁿ"},
    {"W_{hh}^\\top", "W_hh^T"}, /* one falls back, so both do */
    {"W^\\top", "Wᵀ"},
    {"W^{\\top}", "Wᵀ"},
    {"x_{ij}", "x_ij"},
    {"x_{i,j}", "x_(i,j)"},
    {"x_\\theta", "x_θ"},
    {"\\lim_{x \\to 0} f(x)", "lim_(x→0) f(x)"},
    {"e^{i\\pi}", "e^iπ"},
    {"x^*", "x*"},
    {"90^\\circ", "90°"},
    {"f''(x)", "f″(x)"},
    {"g^\\prime", "g′"},
    {"\\frac{a}{b}", "a/b"},
    {"\\frac{a+b}{c}", "(a+b)/c"},
    {"\\frac{a}{b+c}", "a/(b+c)"},
    {"\\frac{-1}{2}", "-1/2"},
    {"\\frac{1}{2\\pi}", "1/(2π)"},
    {"\\frac{dy}{dx}", "dy/dx"},
    {"\\frac{\\partial^2 L}{\\partial x^2}", "∂²L/∂x²"},
    {"\\frac{1}{\\sigma(x)}", "1/σ(x)"},
    {"\\frac12", "1/2"},
    {"e^{\\frac{1}{2}}", "e^(1/2)"},
    {"\\dfrac{a}{b c}", "a/(b c)"},
    {"\\sqrt{x}", "√x"},
    {"\\sqrt{x+1}", "√(x+1)"},
    {"\\sqrt{2\\pi}", "√(2π)"},
    {"\\sqrt[3]{8}", "∛8"},
    {"\\sqrt[n]{x}", "ⁿ√x"},
    {"\\partial \\sum \\prod \\int", "∂∑ ∏ ∫"},
    {"\\alpha, \\beta, \\gamma, \\delta, \\epsilon, \\varepsilon, \\theta, \\lambda, \\mu, "
     "\\pi, \\rho, \\sigma, \\tau, \\phi, \\varphi, \\omega",
     "α, β, γ, δ, ε, ε, θ, λ, μ, π, ρ, σ, τ, φ, φ, ω"},
    {"\\Gamma \\Delta \\Theta \\Lambda \\Sigma \\Phi \\Psi \\Omega", "Γ Δ Θ Λ Σ Φ Ψ Ω"},
    {"\\alpha x", "αx"},
    {"\\alpha = 1", "α = 1"},
    {"a \\cdot b \\times c", "a · b × c"},
    {"a\\cdot b", "a·b"},
    {"a \\le b \\leq c \\ge d \\geq e \\ne f \\approx g", "a ≤ b ≤ c ≥ d ≥ e ≠ f ≈ g"},
    {"x \\to \\infty", "x → ∞"},
    {"f \\rightarrow g", "f → g"},
    {"\\nabla f", "∇f"},
    {"a \\odot b \\otimes c", "a ⊙ b ⊗ c"},
    {"x \\in \\mathbb{R}^n", "x ∈ ℝⁿ"},
    {"\\mathbb{N} \\mathbb{Z} \\mathbb{Q} \\mathbb{C}", "ℕ ℤ ℚ ℂ"},
    {"a \\ll b \\gg c", "a ≪ b ≫ c"},
    {"x \\pm 1", "x ± 1"},
    {"x \\sim p, y \\propto z", "x ∼ p, y ∝ z"},
    {"1, \\ldots, n", "1, …, n"},
    {"a_1 + \\dots + a_n", "a₁ + … + aₙ"},
    {"1 \\cdots n", "1 … n"},
    {"\\|x\\|", "‖x‖"},
    {"\\left( \\frac{a}{b} \\right)", "(a/b)"},
    {"\\left. x \\right|", "x|"},
    {"a\\,b\\;c\\quad d", "a b c  d"},
    {"a\\!b", "ab"},
    {"\\mathrm{softmax}(z)", "softmax(z)"},
    {"\\text{if } x > 0", "if x > 0"},
    {"\\text{a \\& b}", "a & b"},
    {"\\mathbf{W} \\boldsymbol{\\theta}", "W θ"},
    {"\\operatorname{diag}(x)", "diag(x)"},
    {"\\operatorname*{argmax}_\\theta", "argmax_θ"},
    {"\\hat{y}", "y\xCC\x82"},
    {"\\tilde{x} \\bar{z}", "x\xCC\x83 z\xCC\x84"},
    {"\\vec{v}", "v\xE2\x83\x97"},
    {"\\hat{W}_{hh}", "W\xCC\x82_hh"},
    {"\\tanh(x) \\sigma(x) \\exp(x)", "tanh(x) σ(x) exp(x)"},
    {"\\log x + \\max_i x_i", "log x + maxᵢ xᵢ"},
    {"\\sin\\theta", "sin θ"},
    {"\\exp (x)", "exp(x)"},
    {"a \\bmod b", "a mod b"},
    {"\\binom{n}{k}", "C(n,k)"},
    {"{a+b}^2", "a+b²"}, /* as TeX draws it: the 2 after the b */
    {"{{a}}", "a"},
    {"  x  ", "x"},
    {"a  \n  b", "a b"},
    /* Formulas a deck on RNNs and LSTMs is likely to hold. */
    {"h_t = \\tanh(W_{hh} h_{t-1} + W_{xh} x_t + b_h)", "hₜ = tanh(W_hh hₜ₋₁ + W_xh xₜ + bₕ)"},
    {"c_t = f_t \\odot c_{t-1} + i_t \\odot \\tilde{c}_t", "cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ c\xCC\x83ₜ"},
    {"\\text{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}", "softmax(z)ᵢ = e^zᵢ/(∑ⱼ e^zⱼ)"},
    {"\\exp\\left(-\\frac{x^2}{2\\sigma^2}\\right)", "exp(-x²/(2σ²))"},
    {"\\frac{1}{\\sqrt{2\\pi}\\sigma}", "1/(√(2π)σ)"},
    {"\\int_0^1 f(x) \\, dx", "∫₀¹ f(x) dx"},
    {"\\sum_{i=1}^{n} x_i^2", "∑ᵢ₌₁ⁿ xᵢ²"},
    {"\\nabla^2 f + \\partial^2_{x} f", "∇²f + ∂ₓ²f"},
    {"\\|\\nabla L\\|_2", "‖∇L‖₂"},
    {"P(A \\mid B)", "P(A | B)"},
    {"\\mathcal{O}(n \\log n)", "O(n log n)"},
    {"x \\in [0, 1], \\{1, 2\\}", "x ∈ [0, 1], {1, 2}"},
    /* Unknown commands stay; broken input does not crash. */
    {"\\foo", "\\foo"},
    {"\\foo{x} y", "\\foo{x} y"},
    {"\\foo{\\alpha}", "\\foo{α}"},
    {"{a", "a"},
    {"a}", "a}"},
    {"\\frac{a}{b", "a/b"},
    {"\\frac", "/"},
    {"\\sqrt", "√"},
    {"\\sqrt[3 x", "√[3 x"},
    {"\\sqrt[3]", "∛"},
    {"x_", "x"},
    {"x^{", "x"},
    {"a\\", "a\\"},
    {"\\", "\\"},
    {"\\'e", "\\'e"},
    {"", ""},
    /* Output is sanitized. */
    {"a\x1b[31mb", "ab"},
    {"\\text{\x1b]0;x\x07}y", "y"},
    {"x\xFF", "x\xEF\xBF\xBD"},
};
/* clang-format on */

static void test_math_table(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < NELEM(math_cases); i++) {
        vg_buf b = VG_BUF_INIT;
        vg_render_math(math_cases[i].tex, strlen(math_cases[i].tex), &b);
        if (strcmp(vg_buf_str(&b), math_cases[i].want) != 0) {
            print_error("math %zu: %s\n   got: %s\n  want: %s\n", i, math_cases[i].tex,
                        vg_buf_str(&b), math_cases[i].want);
            failures++;
        }
        vg_buf_release(&b);
    }
    assert_int_equal(failures, 0);
}

/* Appends, as vg_buf does, and handles a length without a NUL. */
static void test_math_appends(void **state)
{
    (void)state;
    vg_buf b = VG_BUF_INIT;
    vg_buf_adds(&b, "[");
    vg_render_math("\\alpha+\\beta}}}", 12, &b);
    vg_buf_adds(&b, "]");
    assert_string_equal(vg_buf_str(&b), "[α+β]");
    vg_buf_release(&b);
}

/* Deep nesting is bounded: no stack overflow, and the output stays clean. */
static void test_math_deep(void **state)
{
    (void)state;
    enum { N = 200000 };
    static char src[3 * N + 2];
    size_t n = 0;
    for (size_t i = 0; i < N; i++)
        src[n++] = '{';
    src[n++] = 'x';
    for (size_t i = 0; i < N; i++)
        src[n++] = '}';
    vg_buf b = VG_BUF_INIT;
    vg_render_math(src, n, &b);
    assert_non_null(strchr(vg_buf_str(&b), 'x'));
    vg_buf_release(&b);

    n = 0;
    for (size_t i = 0; i < N / 6; i++) {
        memcpy(src + n, "\\frac", 5);
        n += 5;
        src[n++] = (i % 2) ? '^' : '_';
    }
    vg_buf_init(&b);
    vg_render_math(src, n, &b);
    assert_int_equal(vg_utf8_check(b.data ? b.data : "", b.len), b.len);
    vg_buf_release(&b);
}

/* ---- sanitize ------------------------------------------------------------------------- */

/* clang-format off */
static const struct {
    const char *in;
    size_t len;
    const char *want;
} sanitize_cases[] = {
    {LIT("plain text"), "plain text"},
    /* CSI: colours, cursor, erase */
    {LIT("a\x1b[31mred\x1b[0m b"), "ared b"},
    {LIT("\x1b[1;38;5;200;48;2;1;2;3mX\x1b[?25l\x1b[2J\x1b[HY"), "XY"},
    /* OSC: window title with BEL and with ST, hyperlink, clipboard, unterminated */
    {LIT("\x1b]0;evil title\x07" "after"), "after"},
    {LIT("\x1b]2;evil title\x1b\\after"), "after"},
    {LIT("\x1b]8;;http://example.com\x1b\\link\x1b]8;;\x1b\\"), "link"},
    {LIT("\x1b]52;c;ZXZpbA==\x07ok"), "ok"},
    {LIT("\x1b]0;never ends"), ""},
    /* 8-bit forms: a raw 0x9B byte is invalid UTF-8; U+009B is CSI */
    {LIT("a\x9b" "31mb"), "a\xEF\xBF\xBD" "31mb"},
    {LIT("a\xC2\x9b" "31mb"), "ab"},
    {LIT("\xC2\x9d" "0;title\xC2\x9c" "X"), "X"},
    {LIT("\xC2\x90" "qdata\x1b\\X"), "X"},
    {LIT("\xC2\x9f" "apc\xC2\x9c" "X"), "X"},
    /* DCS (sixel), APC (kitty graphics), PM, SOS */
    {LIT("\x1bPq#0;2;0;0;0#0~~\x1b\\X"), "X"},
    {LIT("\x1b_Gf=100;AAAA\x1b\\X"), "X"},
    {LIT("\x1b^pm\x1b\\\x1bXsos\x1b\\X"), "X"},
    /* ESC with intermediates, ESC + one char, lone ESC */
    {LIT("\x1b(BX\x1b#8Y"), "XY"},
    {LIT("\x1b" "cX\x1b" "7Y\x1b=Z"), "XYZ"},
    {LIT("abc\x1b"), "abc"},
    {LIT("\x1b\x1b[31mX"), "X"},
    {LIT("\x1b\xC3\xA9"), "\xC3\xA9"},
    /* other controls */
    {LIT("a\x07" "b\x08" "c\x7f" "d\x00" "e\x0e" "f"), "abcdef"},
    {LIT("a\xC2\x80" "b\xC2\x99" "c"), "abc"},
    {LIT("a\tb"), "a b"},
    {LIT("a\nb\r\nc\rd\x0b" "e\x0c" "f"), "a b c d e f"},
    {LIT("a\xC2\x85" "b\xE2\x80\xA8" "c\xE2\x80\xA9" "d"), "a b c d"},
    /* bidi embeddings, overrides, isolates */
    {LIT("user\xE2\x80\xAE" "cod.exe"), "usercod.exe"},
    {LIT("a\xE2\x80\xAA" "b\xE2\x80\xAB" "c\xE2\x80\xAC" "d\xE2\x80\xAD" "e"), "abcde"},
    {LIT("a\xE2\x81\xA6" "b\xE2\x81\xA7" "c\xE2\x81\xA8" "d\xE2\x81\xA9" "e"), "abcde"},
    /* invalid UTF-8: one U+FFFD per bad byte */
    {LIT("a\xFF" "b\xC3"), "a\xEF\xBF\xBD" "b\xEF\xBF\xBD"},
    {LIT("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD"},
    {LIT("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
    /* kept */
    {LIT("e\xCC\x81 👍🏽 👨‍👩‍👧 日本語 ∂L \xEF\xBF\xBD"), "e\xCC\x81 👍🏽 👨‍👩‍👧 日本語 ∂L \xEF\xBF\xBD"},
    {LIT("\xE2\x80\x8F" "rlm kept"), "\xE2\x80\x8F" "rlm kept"},
};
/* clang-format on */

static void test_sanitize_table(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < NELEM(sanitize_cases); i++) {
        vg_buf b = VG_BUF_INIT;
        vg_render_sanitize(sanitize_cases[i].in, sanitize_cases[i].len, &b);
        if (strcmp(vg_buf_str(&b), sanitize_cases[i].want) != 0) {
            print_error("sanitize %zu:\n   got: %s\n  want: %s\n", i, vg_buf_str(&b),
                        sanitize_cases[i].want);
            failures++;
        }
        vg_buf_release(&b);
    }
    assert_int_equal(failures, 0);
}

/* Nothing that a terminal acts on survives, whatever the bytes: every 1- and 2-byte input,
 * and every 3-byte one made of interesting bytes. */
static void S_assert_clean(const char *s, size_t len)
{
    assert_int_equal(vg_utf8_check(s, len), len);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += vg_utf8_decode(s + i, len - i, &cp);
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
            (cp >= 0x2066 && cp <= 0x2069))
            fail_msg("U+%04X survived", (unsigned)cp);
    }
}

static void test_sanitize_exhaustive(void **state)
{
    (void)state;
    static const unsigned char pick[] = {0x00, 0x07, 0x09, 0x0A, 0x1B, 0x20, 0x41, 0x5B,
                                         0x5C, 0x5D, 0x7F, 0x80, 0x9B, 0x9C, 0xC2, 0xE2,
                                         0x80, 0xAE, 0xF0, 0xFF, 0x50, 0x6D};
    vg_buf b = VG_BUF_INIT;
    for (unsigned x = 0; x < 65536; x++) {
        char in[2] = {(char)(x & 0xFF), (char)(x >> 8)};
        for (size_t n = 1; n <= 2; n++) {
            vg_buf_clear(&b);
            vg_render_sanitize(in, n, &b);
            S_assert_clean(vg_buf_str(&b), b.len);
        }
    }
    for (size_t i = 0; i < sizeof pick; i++)
        for (size_t j = 0; j < sizeof pick; j++)
            for (size_t k = 0; k < sizeof pick; k++) {
                char in[3] = {(char)pick[i], (char)pick[j], (char)pick[k]};
                vg_buf_clear(&b);
                vg_render_sanitize(in, 3, &b);
                S_assert_clean(vg_buf_str(&b), b.len);
            }
    vg_buf_release(&b);
}

/* ---- wrapping ------------------------------------------------------------------------- */

/* The lines of text at width as plain text, one '\n' after each. */
static char *S_render(const vg_block *blocks, size_t nblocks, size_t width, vg_lines *l)
{
    vg_rich r = {blocks, nblocks};
    vg_lines_init(l);
    assert_int_equal(vg_render_rich(&r, width, l), VG_OK);
    vg_buf b = VG_BUF_INIT;
    vg_lines_to_text(l, &b);
    /* Every line's width is what it says, and no line is wider than width (a character
     * wider than the whole line excepted). */
    for (size_t i = 0; i < l->nlines; i++) {
        size_t w = 0;
        for (size_t j = 0; j < l->lines[i].nruns; j++)
            w += vg_text_width(l->lines[i].runs[j].text, l->lines[i].runs[j].len);
        assert_int_equal(w, l->lines[i].width);
    }
    return vg_buf_detach(&b);
}

static void S_expect(const vg_block *blocks, size_t nblocks, size_t width, const char *want)
{
    vg_lines l;
    char *got = S_render(blocks, nblocks, width, &l);
    for (size_t i = 0; i < l.nlines; i++)
        if (l.lines[i].width > (width ? width : 1) && l.lines[i].nruns > 0) {
            /* Only a lone wide character may exceed the width. */
            const vg_run *last = &l.lines[i].runs[l.lines[i].nruns - 1];
            assert_true(vg_text_width(last->text, last->len) <= 2);
        }
    if (strcmp(got, want) != 0)
        fail_msg("width %zu:\n--- got\n%s--- want\n%s", width, got, want);
    free(got);
    vg_lines_release(&l);
}

static const vg_span para_spans[] = {
    SPAN("A training issue in RNNs where gradients become extremely small during "
         "backpropagation, slowing or halting learning of long-term dependencies.",
         VG_STYLE_PLAIN),
};

static void test_wrap_paragraph(void **state)
{
    (void)state;
    const vg_block blocks[] = {BLK(VG_BLOCK_PARA, 0, 0, 1, para_spans, 1)};
    S_expect(blocks, 1, 20,
             "A training issue in\n"
             "RNNs where gradients\n"
             "become extremely\n"
             "small during\n"
             "backpropagation,\n"
             "slowing or halting\n"
             "learning of\n"
             "long-term\n"
             "dependencies.\n");
    S_expect(blocks, 1, 40,
             "A training issue in RNNs where gradients\n"
             "become extremely small during\n"
             "backpropagation, slowing or halting\n"
             "learning of long-term dependencies.\n");
    /* A huge width: one line. */
    S_expect(blocks, 1, SIZE_MAX,
             "A training issue in RNNs where gradients become extremely small during "
             "backpropagation, slowing or halting learning of long-term dependencies.\n");
}

static void test_wrap_bullets(void **state)
{
    (void)state;
    const vg_span item[] = {
        SPAN("Backpropagation Through Time (BPTT)", VG_STYLE_BOLD),
        SPAN(":", VG_STYLE_PLAIN),
    };
    const vg_span sub1[] = {
        SPAN("Unrolls RNN over ", VG_STYLE_PLAIN),
        SPAN("T", VG_STYLE_MATH),
        SPAN(" time steps, computing gradient of loss ", VG_STYLE_PLAIN),
        SPAN("L", VG_STYLE_MATH),
        SPAN(".", VG_STYLE_PLAIN),
    };
    const vg_span sub2[] = {
        SPAN("Gradient: ", VG_STYLE_PLAIN),
        SPAN("\\frac{\\partial L}{\\partial W_{hh}}", VG_STYLE_MATH),
        SPAN(".", VG_STYLE_PLAIN),
    };
    const vg_span deep[] = {SPAN("Third level text wraps too.", VG_STYLE_ITALIC)};
    const vg_span para[] = {SPAN("A paragraph inside the item keeps its indent.", 0)};
    const vg_span item2[] = {SPAN("Second", VG_STYLE_BOLD)};
    const vg_block blocks[] = {
        BLK(VG_BLOCK_BULLET, 1, 0, 1, item, NELEM(item)),
        BLK(VG_BLOCK_BULLET, 2, 0, 2, sub1, NELEM(sub1)),
        BLK(VG_BLOCK_BULLET, 2, 0, 3, sub2, NELEM(sub2)),
        BLK(VG_BLOCK_BULLET, 3, 0, 4, deep, NELEM(deep)),
        BLK(VG_BLOCK_PARA, 1, 0, 5, para, NELEM(para)),
        BLK(VG_BLOCK_BULLET, 1, 0, 6, item2, NELEM(item2)),
        BLK(VG_BLOCK_BULLET, 4, 0, 7, item2, NELEM(item2)),
    };
    S_expect(blocks, NELEM(blocks), 20,
             "• Backpropagation\n"
             "  Through Time\n"
             "  (BPTT):\n"
             "  ◦ Unrolls RNN over\n"
             "    T time steps,\n"
             "    computing\n"
             "    gradient of loss\n"
             "    L.\n"
             "  ◦ Gradient:\n"
             "    ∂L/∂W_hh.\n"
             "    ▪ Third level\n"
             "      text wraps\n"
             "      too.\n"
             "  A paragraph inside\n"
             "  the item keeps its\n"
             "  indent.\n"
             "• Second\n"
             "      • Second\n");

    /* Styles survive wrapping: runs carry the spans' styles, markers are plain. */
    vg_lines l;
    char *text = S_render(blocks, NELEM(blocks), 20, &l);
    free(text);
    assert_int_equal(l.lines[0].nruns, 2);
    assert_int_equal(l.lines[0].runs[0].style, VG_STYLE_PLAIN);
    assert_int_equal(l.lines[0].runs[1].style, VG_STYLE_BOLD);
    assert_int_equal(l.lines[2].nruns, 3); /* indent, "(BPTT)" bold, ":" plain */
    assert_memory_equal(l.lines[2].runs[1].text, "(BPTT)", 6);
    assert_int_equal(l.lines[2].runs[1].style, VG_STYLE_BOLD);
    assert_int_equal(l.lines[2].runs[2].style, VG_STYLE_PLAIN);
    assert_int_equal(l.lines[4].runs[1].style, VG_STYLE_MATH); /* "T" */
    assert_memory_equal(l.lines[4].runs[1].text, "T", 1);
    assert_int_equal(l.lines[9].runs[1].style, VG_STYLE_MATH); /* "∂L/∂W_hh" */
    assert_int_equal(l.lines[10].runs[1].style, VG_STYLE_ITALIC);
    vg_lines_release(&l);
}

static void test_wrap_ordered(void **state)
{
    (void)state;
    const vg_span a[] = {SPAN("First step of a longer list", 0)};
    const vg_block blocks[] = {
        BLK(VG_BLOCK_BULLET, 1, 1, 1, a, 1),
        BLK(VG_BLOCK_BULLET, 1, 10, 2, a, 1),
    };
    S_expect(blocks, 2, 16,
             "1. First step of\n"
             "   a longer list\n"
             "10. First step\n"
             "    of a longer\n"
             "    list\n");
}

static void test_wrap_cjk(void **state)
{
    (void)state;
    const vg_span s[] = {SPAN("日本語のテキストです and 漢字", 0)};
    const vg_block blocks[] = {BLK(VG_BLOCK_PARA, 0, 0, 1, s, 1)};
    /* Ideographs break anywhere, two columns each; never half a character. */
    S_expect(blocks, 1, 10,
             "日本語のテ\n"
             "キストです\n"
             "and 漢字\n");
    S_expect(blocks, 1, 9,
             "日本語の\n"
             "テキスト\n"
             "です and\n"
             "漢字\n");
    /* Width 1: a wide character still gets a line of its own. */
    const vg_span w[] = {SPAN("日a", 0)};
    const vg_block wb[] = {BLK(VG_BLOCK_PARA, 0, 0, 1, w, 1)};
    S_expect(wb, 1, 1, "日\na\n");
}

static void test_wrap_combining(void **state)
{
    (void)state;
    /* é as e + U+0301: one column; the mark never starts a line. */
    const vg_span s[] = {SPAN("e\xCC\x81te\xCC\x81 e\xCC\x81te\xCC\x81 e\xCC\x81te\xCC\x81", 0)};
    const vg_block blocks[] = {BLK(VG_BLOCK_PARA, 0, 0, 1, s, 1)};
    S_expect(blocks, 1, 7,
             "e\xCC\x81te\xCC\x81 e\xCC\x81te\xCC\x81\n"
             "e\xCC\x81te\xCC\x81\n");
    S_expect(blocks, 1, 2,
             "e\xCC\x81t\n"
             "e\xCC\x81\n"
             "e\xCC\x81t\n"
             "e\xCC\x81\n"
             "e\xCC\x81t\n"
             "e\xCC\x81\n");
}

static void test_wrap_long_word(void **state)
{
    (void)state;
    const vg_span s[] = {SPAN("see abcdefghijklmnopqrstuvwxyz now", 0)};
    const vg_block blocks[] = {BLK(VG_BLOCK_PARA, 0, 0, 1, s, 1)};
    S_expect(blocks, 1, 10,
             "see\n"
             "abcdefghij\n"
             "klmnopqrst\n"
             "uvwxyz now\n");
}

static void test_wrap_width_one(void **state)
{
    (void)state;
    const vg_span s[] = {SPAN("ab c", 0)};
    const vg_block blocks[] = {
        BLK(VG_BLOCK_PARA, 0, 0, 1, s, 1),
        BLK(VG_BLOCK_BULLET, 2, 0, 2, s, 1),
    };
    S_expect(blocks, 2, 1, "a\nb\nc\n◦\na\nb\nc\n");
    S_expect(blocks, 2, 0, "a\nb\nc\n◦\na\nb\nc\n"); /* 0 counts as 1 */
    /* Width 3: the indent takes at most half, the marker goes first as a word. */
    S_expect(blocks, 2, 3, "ab\nc\n ◦\n ab\n c\n");
}

static void test_wrap_breaks_code_sanitize(void **state)
{
    (void)state;
    const vg_span para[] = {
        SPAN("Line one\nline two with `", 0),
        SPAN("a  b", VG_STYLE_CODE),
        SPAN("` and \x1b[31mred\x1b[0m\ttab", 0),
    };
    const vg_span display[] = {
        SPAN("Before", 0),
        SPAN("x^2", VG_STYLE_MATH | VG_STYLE_DISPLAY),
        SPAN("after.", 0),
    };
    const vg_span code[] = {
        SPAN("if (x)\n\treturn 1; // a long comment\n\n}\n", VG_STYLE_CODE),
    };
    const vg_block blocks[] = {
        BLK(VG_BLOCK_PARA, 0, 0, 1, para, NELEM(para)),
        BLK(VG_BLOCK_PARA, 0, 0, 2, display, NELEM(display)),
        BLK(VG_BLOCK_CODE, 1, 0, 3, code, 1),
    };
    S_expect(blocks, NELEM(blocks), 24,
             "Line one\n"
             "line two with `a  b` and\n"
             "red tab\n"
             "Before\n"
             "x²\n"
             "after.\n"
             "  if (x)\n"
             "      return 1; // a lon\n"
             "  g comment\n"
             "\n"
             "  }\n");
    vg_lines l;
    char *text = S_render(blocks, NELEM(blocks), 24, &l);
    free(text);
    /* The code span is one run with its spaces and its style. */
    assert_int_equal(l.lines[1].nruns, 3);
    assert_int_equal(l.lines[1].runs[1].style, VG_STYLE_CODE);
    assert_int_equal(l.lines[1].runs[1].len, 4);
    assert_int_equal(l.lines[4].runs[0].style, VG_STYLE_MATH | VG_STYLE_DISPLAY);
    assert_int_equal(l.lines[6].runs[1].style, VG_STYLE_CODE);
    vg_lines_release(&l);
}

/* Appending: a second render adds lines after the first ones. */
static void test_lines_append(void **state)
{
    (void)state;
    const vg_span s[] = {SPAN("one two", 0)};
    const vg_block blocks[] = {BLK(VG_BLOCK_PARA, 0, 0, 1, s, 1)};
    vg_rich r = {blocks, 1};
    vg_lines l;
    vg_lines_init(&l);
    for (int i = 0; i < 100; i++)
        assert_int_equal(vg_render_rich(&r, 3, &l), VG_OK);
    assert_int_equal(l.nlines, 200);
    assert_int_equal(l.lines[199].width, 3);
    assert_memory_equal(l.lines[199].runs[0].text, "two", 3);
    vg_lines_release(&l);
    assert_int_equal(l.nlines, 0);
    vg_lines_release(&l); /* twice is harmless */

    /* Empty text: no lines; an empty bullet: its marker. */
    const vg_block empty[] = {BLK(VG_BLOCK_PARA, 0, 0, 1, NULL, 0),
                              BLK(VG_BLOCK_BULLET, 1, 0, 1, NULL, 0)};
    S_expect(empty, 2, 10, "•\n");
}

static void test_inline(void **state)
{
    (void)state;
    const vg_span a[] = {
        SPAN("Gradient:  ", VG_STYLE_BOLD),
        SPAN("\\frac{\\partial L}{\\partial W_{hh}}", VG_STYLE_MATH),
        SPAN("\n(hard\x1b[2Jbreak)", 0),
    };
    const vg_span b[] = {SPAN("nested\tbullet", 0)};
    const vg_block blocks[] = {
        BLK(VG_BLOCK_PARA, 0, 0, 1, a, NELEM(a)),
        BLK(VG_BLOCK_BULLET, 1, 0, 2, b, 1),
    };
    vg_rich r = {blocks, 2};
    vg_buf out = VG_BUF_INIT;
    vg_render_inline(&r, &out);
    assert_string_equal(vg_buf_str(&out), "Gradient: ∂L/∂W_hh (hardbreak) nested bullet");
    vg_buf_release(&out);
}

/* ---- tables ------------------------------------------------------------------------- */

#define H "\xe2\x94\x80" /* the rule under a header */
#define NB " "           /* a no-break space while wrapping, printed as a space */
#define CELL(d, r, c, al, s, n)                                                                    \
    {                                                                                              \
        .kind = VG_BLOCK_CELL, .depth = (d), .line = 1, .spans = (s), .nspans = (n), .row = (r),   \
        .col = (c), .align = (al)                                                                  \
    }

static void test_table(void **state)
{
    (void)state;
    const vg_span name[] = {SPAN("Name", 0)}, val[] = {SPAN("Value", VG_STYLE_ITALIC)};
    const vg_span a[] = {SPAN("\xe6\xbc\xa2\xe5\xad\x97", 0)}; /* two wide characters */
    const vg_span m[] = {SPAN("\\alpha", VG_STYLE_MATH)};
    const vg_span b[] = {SPAN("b ", 0), SPAN("x", VG_STYLE_CODE), SPAN("\x1b[31m!", 0)};
    const vg_span one[] = {SPAN("1", 0)};
    const vg_span after[] = {SPAN("after", 0)};
    const vg_block blocks[] = {
        CELL(1, 0, 0, VG_ALIGN_NONE, name, 1),     CELL(1, 0, 1, VG_ALIGN_RIGHT, val, 1),
        CELL(1, 1, 0, VG_ALIGN_NONE, a, 1),        CELL(1, 1, 1, VG_ALIGN_RIGHT, m, 1),
        CELL(1, 2, 0, VG_ALIGN_NONE, b, NELEM(b)), CELL(1, 2, 1, VG_ALIGN_RIGHT, NULL, 0),
        CELL(1, 0, 0, VG_ALIGN_CENTER, one, 1),    BLK(VG_BLOCK_PARA, 0, 0, 2, after, 1),
    };
    /* Columns by display width (the wide characters take 4, the formula 1), the header
     * bold, a rule under it, no space at a line's end; a second table right after. */
    S_expect(blocks, NELEM(blocks), 40,
             "  Name \xe2\x94\x82 Value\n"
             "  " H H H H H "\xe2\x94\xbc" H H H H H H "\n"
             "  \xe6\xbc\xa2\xe5\xad\x97 \xe2\x94\x82     \xce\xb1\n"
             "  b x! \xe2\x94\x82\n"
             "  1\n"
             "  \xe2\x94\x80\n"
             "after\n");
    vg_lines l;
    char *text = S_render(blocks, NELEM(blocks), 40, &l);
    free(text);
    assert_int_equal(l.lines[0].runs[1].style, VG_STYLE_BOLD);
    assert_int_equal(l.lines[0].runs[3].style, VG_STYLE_BOLD | VG_STYLE_ITALIC);
    assert_int_equal(l.lines[3].runs[1].style, VG_STYLE_CODE);
    vg_lines_release(&l);

    /* Wider than the window: a row per line, "header: value" pairs (a header stays with its
     * value and a dot with the value before it), empty cells left out, long rows continued
     * two columns further in. */
    const vg_span term[] = {SPAN("Term", 0)}, def[] = {SPAN("Definition", 0)};
    const vg_span t1[] = {SPAN("Heap", 0)}, d1[] = {SPAN("a tree with the heap property", 0)};
    const vg_block wide[] = {
        CELL(0, 0, 0, VG_ALIGN_NONE, term, 1), CELL(0, 0, 1, VG_ALIGN_NONE, def, 1),
        CELL(0, 1, 0, VG_ALIGN_NONE, t1, 1),   CELL(0, 1, 1, VG_ALIGN_NONE, d1, 1),
        CELL(0, 2, 0, VG_ALIGN_NONE, NULL, 0), CELL(0, 2, 1, VG_ALIGN_NONE, m, 1),
    };
    S_expect(wide, NELEM(wide), 24,
             "Term:" NB "Heap" NB "\xc2\xb7\n"
             "  Definition:" NB "a tree\n"
             "  with the heap property\n"
             "Definition:" NB "\xce\xb1\n");
    /* A header alone, too wide: its cells on one line. */
    S_expect(blocks, 2, 10, "  Name" NB "\xc2\xb7\n    Value\n");

    /* A line break in a cell (a "<br>") makes the row two lines high. */
    const vg_span two[] = {SPAN("up\n\ndown ", 0)};
    const vg_block tall[] = {
        CELL(0, 0, 0, VG_ALIGN_NONE, name, 1),
        CELL(0, 0, 1, VG_ALIGN_RIGHT, val, 1),
        CELL(0, 1, 0, VG_ALIGN_NONE, two, 1),
        CELL(0, 1, 1, VG_ALIGN_RIGHT, one, 1),
    };
    S_expect(tall, NELEM(tall), 40,
             "Name \xe2\x94\x82 Value\n"
             "" H H H H H "\xe2\x94\xbc" H H H H H H "\n"
             "up   \xe2\x94\x82     1\n"
             "down \xe2\x94\x82\n");
    S_expect(tall, NELEM(tall), 8, "Name:" NB "up\n  down" NB "\xc2\xb7\n  Value:\n  1\n");
    S_expect(tall, NELEM(tall), 10, "Name:" NB "up\n  down" NB "\xc2\xb7\n  Value:" NB "1\n");

    /* One line for table cells and headers: the cells of a row apart. */
    vg_rich r = {blocks, 6};
    vg_buf out = VG_BUF_INIT;
    vg_render_inline(&r, &out);
    assert_string_equal(vg_buf_str(&out),
                        "Name | Value \xe6\xbc\xa2\xe5\xad\x97 | \xce\xb1 b x! |");
    vg_buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_math_table),
        cmocka_unit_test(test_math_appends),
        cmocka_unit_test(test_math_deep),
        cmocka_unit_test(test_sanitize_table),
        cmocka_unit_test(test_sanitize_exhaustive),
        cmocka_unit_test(test_wrap_paragraph),
        cmocka_unit_test(test_wrap_bullets),
        cmocka_unit_test(test_wrap_ordered),
        cmocka_unit_test(test_wrap_cjk),
        cmocka_unit_test(test_wrap_combining),
        cmocka_unit_test(test_wrap_long_word),
        cmocka_unit_test(test_wrap_width_one),
        cmocka_unit_test(test_wrap_breaks_code_sanitize),
        cmocka_unit_test(test_lines_append),
        cmocka_unit_test(test_inline),
        cmocka_unit_test(test_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
