/* Inline LaTeX to readable Unicode (DESIGN §3). The rules are documented with
 * vg_render_math() in include/vgrev/render.h.
 *
 * A small recursive-descent reader over the TeX source: a sequence is tokens (characters,
 * control words and symbols, brace groups), each optionally followed by a subscript and a
 * superscript. Arguments and scripts are rendered into their own buffers first, because
 * how they are written (parentheses, Unicode sub/superscripts or `_`/`^`) depends on what
 * they became. Nesting deeper than S_MAX_DEPTH is copied as written, so no input can
 * exhaust the stack; the result is sanitized at the end, so nothing in the source (or made
 * by joining its pieces) can reach the terminal as a control. */
#include "vgrev/render.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "vgrev/utf8.h"

/* Deeper nesting is copied as written; a \sqrt index is looked for this far, so that
 * many unclosed "\sqrt[" stay linear. */
enum { S_MAX_DEPTH = 48, S_MAX_INDEX = 256 };

typedef struct S_math {
    const char *s;
    size_t len;
    size_t pos;
    unsigned depth; /* nesting of arguments being read */
    bool bind;      /* the last token binds to what follows, across its scripts (∂²L) */
} S_math;

typedef enum S_kind {
    K_ORD,       /* a symbol; spaces after it go when a letter or digit follows */
    K_PLAIN,     /* a symbol; spaces around it kept as written */
    K_PREFIX,    /* binds to what follows (∂L): spaces after it go */
    K_BIN,       /* binary operator or relation: spaced on the right as on the left */
    K_FUNC,      /* function name (tanh): a space before a following argument */
    K_OPEN,      /* opening delimiter: spaces after it go */
    K_CLOSE,     /* closing delimiter: spaces before it go */
    K_SPACE,     /* explicit space: text holds the spaces */
    K_DROP,      /* sizing and style commands: nothing */
    K_FONT,      /* \mathrm{..}: its argument */
    K_TEXT,      /* \text{..}: its argument as text, not math */
    K_BB,        /* \mathbb{..}: double-struck letters */
    K_OPNAME,    /* \operatorname{..}: its argument as a function name */
    K_FRAC,      /* \frac{a}{b}: a/b */
    K_SQRT,      /* \sqrt[n]{x} */
    K_ACCENT,    /* \hat{x}: text holds the combining mark */
    K_LEFT,      /* \left( */
    K_RIGHT,     /* \right) */
    K_MIDDLE,    /* \middle| */
    K_TOP,       /* \top: ᵀ */
    K_PMOD,      /* \pmod{n}: (mod n) */
    K_BINOM,     /* \binom{n}{k}: C(n,k) */
    K_SWALLOW,   /* \phantom{..}, \color{..}: the argument is dropped */
    K_TEXTCOLOR, /* \textcolor{c}{x}: x */
} S_kind;

typedef struct S_cmd {
    const char *name;
    S_kind kind;
    const char *text;
} S_cmd;

/* Control words, by kind. The text is UTF-8. */
static const S_cmd S_cmds[] = {
    /* Greek: ε and φ for both TeX forms, the ones readers expect. */
    {"alpha", K_ORD, "α"},
    {"beta", K_ORD, "β"},
    {"gamma", K_ORD, "γ"},
    {"delta", K_ORD, "δ"},
    {"epsilon", K_ORD, "ε"},
    {"varepsilon", K_ORD, "ε"},
    {"zeta", K_ORD, "ζ"},
    {"eta", K_ORD, "η"},
    {"theta", K_ORD, "θ"},
    {"vartheta", K_ORD, "ϑ"},
    {"iota", K_ORD, "ι"},
    {"kappa", K_ORD, "κ"},
    {"varkappa", K_ORD, "ϰ"},
    {"lambda", K_ORD, "λ"},
    {"mu", K_ORD, "μ"},
    {"nu", K_ORD, "ν"},
    {"xi", K_ORD, "ξ"},
    {"omicron", K_ORD, "ο"},
    {"pi", K_ORD, "π"},
    {"varpi", K_ORD, "ϖ"},
    {"rho", K_ORD, "ρ"},
    {"varrho", K_ORD, "ϱ"},
    {"sigma", K_ORD, "σ"},
    {"varsigma", K_ORD, "ς"},
    {"tau", K_ORD, "τ"},
    {"upsilon", K_ORD, "υ"},
    {"phi", K_ORD, "φ"},
    {"varphi", K_ORD, "φ"},
    {"chi", K_ORD, "χ"},
    {"psi", K_ORD, "ψ"},
    {"omega", K_ORD, "ω"},
    {"Gamma", K_ORD, "Γ"},
    {"Delta", K_ORD, "Δ"},
    {"Theta", K_ORD, "Θ"},
    {"Lambda", K_ORD, "Λ"},
    {"Xi", K_ORD, "Ξ"},
    {"Pi", K_ORD, "Π"},
    {"Sigma", K_ORD, "Σ"},
    {"Upsilon", K_ORD, "Υ"},
    {"Phi", K_ORD, "Φ"},
    {"Psi", K_ORD, "Ψ"},
    {"Omega", K_ORD, "Ω"},
    /* Other symbols. */
    {"infty", K_ORD, "∞"},
    {"ell", K_ORD, "ℓ"},
    {"hbar", K_ORD, "ℏ"},
    {"aleph", K_ORD, "ℵ"},
    {"emptyset", K_ORD, "∅"},
    {"varnothing", K_ORD, "∅"},
    {"Re", K_ORD, "ℜ"},
    {"Im", K_ORD, "ℑ"},
    {"wp", K_ORD, "℘"},
    {"angle", K_ORD, "∠"},
    {"triangle", K_ORD, "△"},
    {"bot", K_ORD, "⊥"},
    {"dagger", K_ORD, "†"},
    {"ddagger", K_ORD, "‡"},
    {"degree", K_ORD, "°"},
    {"sum", K_ORD, "∑"},
    {"prod", K_ORD, "∏"},
    {"coprod", K_ORD, "∐"},
    {"int", K_ORD, "∫"},
    {"iint", K_ORD, "∬"},
    {"iiint", K_ORD, "∭"},
    {"oint", K_ORD, "∮"},
    {"bigcup", K_ORD, "⋃"},
    {"bigcap", K_ORD, "⋂"},
    {"bigvee", K_ORD, "⋁"},
    {"bigwedge", K_ORD, "⋀"},
    {"bigoplus", K_ORD, "⨁"},
    {"bigotimes", K_ORD, "⨂"},
    {"bigodot", K_ORD, "⨀"},
    {"prime", K_PLAIN, "′"},
    {"ldots", K_PLAIN, "…"},
    {"dots", K_PLAIN, "…"},
    {"cdots", K_PLAIN, "…"},
    {"dotsc", K_PLAIN, "…"},
    {"dotsb", K_PLAIN, "…"},
    {"dotsm", K_PLAIN, "…"},
    {"dotsi", K_PLAIN, "…"},
    {"vdots", K_PLAIN, "⋮"},
    {"ddots", K_PLAIN, "⋱"},
    {"vert", K_PLAIN, "|"},
    {"Vert", K_PLAIN, "‖"},
    {"backslash", K_PLAIN, "\\"},
    {"colon", K_PLAIN, ":"},
    {"partial", K_PREFIX, "∂"},
    {"nabla", K_PREFIX, "∇"},
    {"neg", K_PREFIX, "¬"},
    {"lnot", K_PREFIX, "¬"},
    {"forall", K_PREFIX, "∀"},
    {"exists", K_PREFIX, "∃"},
    {"nexists", K_PREFIX, "∄"},
    {"surd", K_PREFIX, "√"},
    /* Binary operators and relations. */
    {"cdot", K_BIN, "·"},
    {"cdotp", K_BIN, "·"},
    {"times", K_BIN, "×"},
    {"div", K_BIN, "÷"},
    {"pm", K_BIN, "±"},
    {"mp", K_BIN, "∓"},
    {"ast", K_BIN, "∗"},
    {"star", K_BIN, "⋆"},
    {"circ", K_BIN, "∘"},
    {"bullet", K_BIN, "•"},
    {"odot", K_BIN, "⊙"},
    {"otimes", K_BIN, "⊗"},
    {"oplus", K_BIN, "⊕"},
    {"ominus", K_BIN, "⊖"},
    {"oslash", K_BIN, "⊘"},
    {"cup", K_BIN, "∪"},
    {"cap", K_BIN, "∩"},
    {"sqcup", K_BIN, "⊔"},
    {"sqcap", K_BIN, "⊓"},
    {"setminus", K_BIN, "∖"},
    {"wedge", K_BIN, "∧"},
    {"land", K_BIN, "∧"},
    {"vee", K_BIN, "∨"},
    {"lor", K_BIN, "∨"},
    {"le", K_BIN, "≤"},
    {"leq", K_BIN, "≤"},
    {"leqslant", K_BIN, "≤"},
    {"ge", K_BIN, "≥"},
    {"geq", K_BIN, "≥"},
    {"geqslant", K_BIN, "≥"},
    {"ne", K_BIN, "≠"},
    {"neq", K_BIN, "≠"},
    {"approx", K_BIN, "≈"},
    {"sim", K_BIN, "∼"},
    {"simeq", K_BIN, "≃"},
    {"cong", K_BIN, "≅"},
    {"equiv", K_BIN, "≡"},
    {"propto", K_BIN, "∝"},
    {"ll", K_BIN, "≪"},
    {"gg", K_BIN, "≫"},
    {"in", K_BIN, "∈"},
    {"notin", K_BIN, "∉"},
    {"ni", K_BIN, "∋"},
    {"subset", K_BIN, "⊂"},
    {"subseteq", K_BIN, "⊆"},
    {"supset", K_BIN, "⊃"},
    {"supseteq", K_BIN, "⊇"},
    {"to", K_BIN, "→"},
    {"rightarrow", K_BIN, "→"},
    {"longrightarrow", K_BIN, "→"},
    {"leftarrow", K_BIN, "←"},
    {"longleftarrow", K_BIN, "←"},
    {"gets", K_BIN, "←"},
    {"Rightarrow", K_BIN, "⇒"},
    {"Longrightarrow", K_BIN, "⇒"},
    {"implies", K_BIN, "⇒"},
    {"Leftarrow", K_BIN, "⇐"},
    {"impliedby", K_BIN, "⇐"},
    {"leftrightarrow", K_BIN, "↔"},
    {"Leftrightarrow", K_BIN, "⇔"},
    {"iff", K_BIN, "⇔"},
    {"mapsto", K_BIN, "↦"},
    {"uparrow", K_BIN, "↑"},
    {"downarrow", K_BIN, "↓"},
    {"mid", K_BIN, "|"},
    {"parallel", K_BIN, "∥"},
    {"perp", K_BIN, "⊥"},
    {"coloneqq", K_BIN, "≔"},
    {"triangleq", K_BIN, "≜"},
    {"doteq", K_BIN, "≐"},
    {"models", K_BIN, "⊨"},
    {"vdash", K_BIN, "⊢"},
    {"prec", K_BIN, "≺"},
    {"succ", K_BIN, "≻"},
    {"preceq", K_BIN, "⪯"},
    {"succeq", K_BIN, "⪰"},
    {"lesssim", K_BIN, "≲"},
    {"gtrsim", K_BIN, "≳"},
    {"bmod", K_BIN, "mod"},
    {"mod", K_BIN, "mod"},
    /* Function names, set upright in TeX. */
    {"arccos", K_FUNC, "arccos"},
    {"arcsin", K_FUNC, "arcsin"},
    {"arctan", K_FUNC, "arctan"},
    {"arg", K_FUNC, "arg"},
    {"argmax", K_FUNC, "argmax"},
    {"argmin", K_FUNC, "argmin"},
    {"cos", K_FUNC, "cos"},
    {"cosh", K_FUNC, "cosh"},
    {"cot", K_FUNC, "cot"},
    {"coth", K_FUNC, "coth"},
    {"csc", K_FUNC, "csc"},
    {"deg", K_FUNC, "deg"},
    {"det", K_FUNC, "det"},
    {"dim", K_FUNC, "dim"},
    {"exp", K_FUNC, "exp"},
    {"gcd", K_FUNC, "gcd"},
    {"hom", K_FUNC, "hom"},
    {"inf", K_FUNC, "inf"},
    {"ker", K_FUNC, "ker"},
    {"lg", K_FUNC, "lg"},
    {"lim", K_FUNC, "lim"},
    {"liminf", K_FUNC, "liminf"},
    {"limsup", K_FUNC, "limsup"},
    {"ln", K_FUNC, "ln"},
    {"log", K_FUNC, "log"},
    {"max", K_FUNC, "max"},
    {"min", K_FUNC, "min"},
    {"Pr", K_FUNC, "Pr"},
    {"sec", K_FUNC, "sec"},
    {"sin", K_FUNC, "sin"},
    {"sinh", K_FUNC, "sinh"},
    {"sup", K_FUNC, "sup"},
    {"tan", K_FUNC, "tan"},
    {"tanh", K_FUNC, "tanh"},
    /* Delimiters. */
    {"langle", K_OPEN, "⟨"},
    {"lceil", K_OPEN, "⌈"},
    {"lfloor", K_OPEN, "⌊"},
    {"lVert", K_OPEN, "‖"},
    {"lvert", K_OPEN, "|"},
    {"lbrace", K_OPEN, "{"},
    {"lbrack", K_OPEN, "["},
    {"rangle", K_CLOSE, "⟩"},
    {"rceil", K_CLOSE, "⌉"},
    {"rfloor", K_CLOSE, "⌋"},
    {"rVert", K_CLOSE, "‖"},
    {"rvert", K_CLOSE, "|"},
    {"rbrace", K_CLOSE, "}"},
    {"rbrack", K_CLOSE, "]"},
    {"left", K_LEFT, NULL},
    {"right", K_RIGHT, NULL},
    {"middle", K_MIDDLE, NULL},
    /* Spacing, sizes and styles. */
    {"quad", K_SPACE, "  "},
    {"qquad", K_SPACE, "    "},
    {"enspace", K_SPACE, " "},
    {"thinspace", K_SPACE, " "},
    {"medspace", K_SPACE, " "},
    {"thickspace", K_SPACE, " "},
    {"negthinspace", K_DROP, NULL},
    {"displaystyle", K_DROP, NULL},
    {"textstyle", K_DROP, NULL},
    {"scriptstyle", K_DROP, NULL},
    {"scriptscriptstyle", K_DROP, NULL},
    {"limits", K_DROP, NULL},
    {"nolimits", K_DROP, NULL},
    {"big", K_DROP, NULL},
    {"Big", K_DROP, NULL},
    {"bigg", K_DROP, NULL},
    {"Bigg", K_DROP, NULL},
    {"bigl", K_DROP, NULL},
    {"bigr", K_DROP, NULL},
    {"Bigl", K_DROP, NULL},
    {"Bigr", K_DROP, NULL},
    {"biggl", K_DROP, NULL},
    {"biggr", K_DROP, NULL},
    {"Biggl", K_DROP, NULL},
    {"Biggr", K_DROP, NULL},
    {"bigm", K_DROP, NULL},
    {"Bigm", K_DROP, NULL},
    {"nonumber", K_DROP, NULL},
    {"notag", K_DROP, NULL},
    /* Commands with arguments. */
    {"mathrm", K_FONT, NULL},
    {"mathit", K_FONT, NULL},
    {"mathbf", K_FONT, NULL},
    {"mathsf", K_FONT, NULL},
    {"mathtt", K_FONT, NULL},
    {"mathcal", K_FONT, NULL},
    {"mathscr", K_FONT, NULL},
    {"mathfrak", K_FONT, NULL},
    {"mathnormal", K_FONT, NULL},
    {"boldsymbol", K_FONT, NULL},
    {"bm", K_FONT, NULL},
    {"pmb", K_FONT, NULL},
    {"boxed", K_FONT, NULL},
    {"overbrace", K_FONT, NULL},
    {"underbrace", K_FONT, NULL},
    {"text", K_TEXT, NULL},
    {"textrm", K_TEXT, NULL},
    {"textbf", K_TEXT, NULL},
    {"textit", K_TEXT, NULL},
    {"textsf", K_TEXT, NULL},
    {"texttt", K_TEXT, NULL},
    {"textnormal", K_TEXT, NULL},
    {"textup", K_TEXT, NULL},
    {"emph", K_TEXT, NULL},
    {"mbox", K_TEXT, NULL},
    {"hbox", K_TEXT, NULL},
    {"mathbb", K_BB, NULL},
    {"Bbb", K_BB, NULL},
    {"operatorname", K_OPNAME, NULL},
    {"mathop", K_OPNAME, NULL},
    {"frac", K_FRAC, NULL},
    {"dfrac", K_FRAC, NULL},
    {"tfrac", K_FRAC, NULL},
    {"cfrac", K_FRAC, NULL},
    {"sqrt", K_SQRT, NULL},
    {"hat", K_ACCENT, "\xCC\x82"},       /* U+0302 */
    {"widehat", K_ACCENT, "\xCC\x82"},   /* U+0302 */
    {"tilde", K_ACCENT, "\xCC\x83"},     /* U+0303 */
    {"widetilde", K_ACCENT, "\xCC\x83"}, /* U+0303 */
    {"bar", K_ACCENT, "\xCC\x84"},       /* U+0304 */
    {"overline", K_ACCENT, "\xCC\x85"},  /* U+0305 */
    {"breve", K_ACCENT, "\xCC\x86"},     /* U+0306 */
    {"dot", K_ACCENT, "\xCC\x87"},       /* U+0307 */
    {"ddot", K_ACCENT, "\xCC\x88"},      /* U+0308 */
    {"mathring", K_ACCENT, "\xCC\x8A"},  /* U+030A */
    {"check", K_ACCENT, "\xCC\x8C"},     /* U+030C */
    {"acute", K_ACCENT, "\xCC\x81"},     /* U+0301 */
    {"grave", K_ACCENT, "\xCC\x80"},     /* U+0300 */
    {"underline", K_ACCENT, "\xCC\xB2"}, /* U+0332 */
    {"vec", K_ACCENT, "\xE2\x83\x97"},   /* U+20D7 */
    {"top", K_TOP, NULL},
    {"intercal", K_TOP, NULL},
    {"pmod", K_PMOD, NULL},
    {"binom", K_BINOM, NULL},
    {"dbinom", K_BINOM, NULL},
    {"tbinom", K_BINOM, NULL},
    {"phantom", K_SWALLOW, NULL},
    {"hphantom", K_SWALLOW, NULL},
    {"vphantom", K_SWALLOW, NULL},
    {"color", K_SWALLOW, NULL},
    {"textcolor", K_TEXTCOLOR, NULL},
};

/* Unicode subscript and superscript forms (0: none). Digits are handled apart. */
typedef struct S_script_form {
    uint32_t cp, sub, sup;
} S_script_form;

static const S_script_form S_forms[] = {
    {'+', 0x208A, 0x207A},
    {'-', 0x208B, 0x207B},
    {0x2212, 0x208B, 0x207B},
    {'=', 0x208C, 0x207C},
    {'(', 0x208D, 0x207D},
    {')', 0x208E, 0x207E},
    {'a', 0x2090, 0x1D43},
    {'b', 0, 0x1D47},
    {'c', 0, 0x1D9C},
    {'d', 0, 0x1D48},
    {'e', 0x2091, 0x1D49},
    {'f', 0, 0x1DA0},
    {'g', 0, 0x1D4D},
    {'h', 0x2095, 0x02B0},
    {'i', 0x1D62, 0x2071},
    {'j', 0x2C7C, 0x02B2},
    {'k', 0x2096, 0x1D4F},
    {'l', 0x2097, 0x02E1},
    {'m', 0x2098, 0x1D50},
    {'n', 0x2099, 0x207F},
    {'o', 0x2092, 0x1D52},
    {'p', 0x209A, 0x1D56},
    {'r', 0x1D63, 0x02B3},
    {'s', 0x209B, 0x02E2},
    {'t', 0x209C, 0x1D57},
    {'u', 0x1D64, 0x1D58},
    {'v', 0x1D65, 0x1D5B},
    {'w', 0, 0x02B7},
    {'x', 0x2093, 0x02E3},
    {'y', 0, 0x02B8},
    {'z', 0, 0x1DBB},
    {'A', 0, 0x1D2C},
    {'B', 0, 0x1D2E},
    {'D', 0, 0x1D30},
    {'E', 0, 0x1D31},
    {'G', 0, 0x1D33},
    {'H', 0, 0x1D34},
    {'I', 0, 0x1D35},
    {'J', 0, 0x1D36},
    {'K', 0, 0x1D37},
    {'L', 0, 0x1D38},
    {'M', 0, 0x1D39},
    {'N', 0, 0x1D3A},
    {'O', 0, 0x1D3C},
    {'P', 0, 0x1D3E},
    {'R', 0, 0x1D3F},
    {'T', 0, 0x1D40},
    {'U', 0, 0x1D41},
    {'V', 0, 0x2C7D},
    {'W', 0, 0x1D42},
    {0x03B1, 0, 0x1D45}, /* α */
    {0x03B2, 0x1D66, 0x1D5D},
    {0x03B3, 0x1D67, 0x1D5E},
    {0x03B4, 0, 0x1D5F}, /* β γ δ */
    {0x03B5, 0, 0x1D4B},
    {0x03B8, 0, 0x1DBF},
    {0x03B9, 0, 0x1DA5}, /* ε θ ι */
    {0x03C1, 0x1D68, 0},
    {0x03C6, 0x1D69, 0x1D60},
    {0x03C7, 0x1D6A, 0x1D61}, /* ρ φ χ */
    {'*', 0, '*'},
    {0x2218, 0, 0x00B0}, /* x^* stays x*, 90^\circ is 90° */
};

static const uint32_t S_sup_digits[10] = {0x2070, 0x00B9, 0x00B2, 0x00B3, 0x2074,
                                          0x2075, 0x2076, 0x2077, 0x2078, 0x2079};

static void S_seq(S_math *m, vg_buf *out, bool script, bool group);
static void S_arg(S_math *m, vg_buf *out, bool script);
static void S_token(S_math *m, vg_buf *out, bool script);

/* ---- small helpers ------------------------------------------------------------------- */

static bool S_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static bool S_is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool S_is_alnum(char c)
{
    return S_is_alpha(c) || (c >= '0' && c <= '9');
}

static void S_addcp(vg_buf *b, uint32_t cp)
{
    char u[4];
    vg_buf_add(b, u, vg_utf8_encode(cp, u));
}

static void S_skip_ws(S_math *m)
{
    while (m->pos < m->len && S_is_space(m->s[m->pos]))
        m->pos++;
}

/* Makes out end in at least n spaces; nothing at its very start (trimmed anyway). */
static void S_space(vg_buf *out, size_t n)
{
    if (out->len == 0)
        return;
    size_t k = 0;
    while (k < n && k < out->len && out->data[out->len - 1 - k] == ' ')
        k++;
    for (; k < n; k++)
        vg_buf_addc(out, ' ');
}

static void S_trim_end(vg_buf *b)
{
    while (b->len > 0 && b->data[b->len - 1] == ' ')
        b->data[--b->len] = '\0';
}

/* The contents of b without spaces at either end. */
static const char *S_trimmed(const vg_buf *b, size_t *len)
{
    const char *s = vg_buf_str(b);
    size_t n = b->len;
    while (n > 0 && s[0] == ' ') {
        s++;
        n--;
    }
    while (n > 0 && s[n - 1] == ' ')
        n--;
    *len = n;
    return s;
}

/* Decodes the character at t[i] (i < n). */
static size_t S_peek(const char *t, size_t n, size_t i, uint32_t *cp)
{
    return vg_utf8_decode(t + i, n - i, cp);
}

static const S_cmd *S_lookup(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof S_cmds / sizeof S_cmds[0]; i++)
        if (S_cmds[i].name[0] == name[0] && strncmp(S_cmds[i].name, name, len) == 0 &&
            S_cmds[i].name[len] == '\0')
            return &S_cmds[i];
    return NULL;
}

/* ---- classes of characters in rendered text ------------------------------------------ */

static uint32_t S_script_of(uint32_t cp, bool sup)
{
    if (cp >= '0' && cp <= '9')
        return sup ? S_sup_digits[cp - '0'] : 0x2080 + (cp - '0');
    if (cp == 0x2032 || cp == 0x2033 || cp == 0x2034)
        return cp; /* primes already sit high */
    for (size_t i = 0; i < sizeof S_forms / sizeof S_forms[0]; i++)
        if (S_forms[i].cp == cp)
            return sup ? S_forms[i].sup : S_forms[i].sub;
    return 0;
}

/* True for the sub- and superscript characters that S_script_of() produces. */
static bool S_is_script_char(uint32_t cp)
{
    if (cp < 0x80 || cp == 0x00B0)
        return false;
    if ((cp >= 0x2070 && cp <= 0x209C) || cp == 0x00B9 || cp == 0x00B2 || cp == 0x00B3)
        return true;
    for (size_t i = 0; i < sizeof S_forms / sizeof S_forms[0]; i++)
        if (S_forms[i].sub == cp || S_forms[i].sup == cp)
            return true;
    return false;
}

static bool S_is_prime(uint32_t cp)
{
    return cp == 0x2032 || cp == 0x2033 || cp == 0x2034;
}

static bool S_is_letter(uint32_t cp)
{
    return (cp < 0x80 && S_is_alpha((char)cp)) || (cp >= 0x0391 && cp <= 0x03C9) ||
           (cp >= 0x03D0 && cp <= 0x03F5) || (cp >= 0x2100 && cp <= 0x214F) ||
           (cp >= 0x1D400 && cp <= 0x1D7FF);
}

static bool S_is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
}

/* Characters that join terms: where a fraction's part needs parentheses. */
static bool S_is_operator(uint32_t cp)
{
    static const uint32_t ops[] = {
        '+',    '-',    '=',    '<',    '>',    '/',    ',',    ';',    ':',    '*',
        0x00B7, 0x00D7, 0x00F7, 0x00B1, 0x2213, 0x2212, 0x2264, 0x2265, 0x2260, 0x2248,
        0x223C, 0x2243, 0x2245, 0x2261, 0x221D, 0x226A, 0x226B, 0x2208, 0x2209, 0x220B,
        0x2282, 0x2286, 0x2283, 0x2287, 0x2192, 0x2190, 0x21D2, 0x21D0, 0x2194, 0x21D4,
        0x21A6, 0x2218, 0x2299, 0x2297, 0x2295, 0x2296, 0x222A, 0x2229, 0x2227, 0x2228,
        0x2217, 0x22C6, 0x2216, 0x2254, 0x225C, 0x2250, 0x2223, 0x2225, 0x22A5,
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (ops[i] == cp)
            return true;
    return false;
}

/* t[i] opens a bracket: returns the index just past its match, or 0 when unmatched. */
static size_t S_match(const char *t, size_t n, size_t i)
{
    uint32_t open, close, cp;
    size_t k = S_peek(t, n, i, &open);
    switch (open) {
    case '(':
        close = ')';
        break;
    case '[':
        close = ']';
        break;
    case '{':
        close = '}';
        break;
    case 0x27E8:
        close = 0x27E9;
        break;
    case '|':
    case 0x2016:
        close = open;
        break;
    default:
        return 0;
    }
    size_t depth = 1;
    for (i += k; i < n; i += k) {
        k = S_peek(t, n, i, &cp);
        if (cp == close && --depth == 0)
            return i + k;
        if (cp == open && open != close)
            depth++;
    }
    return 0;
}

/* One "thing" to a reader, that needs no parentheses around it: a number, a letter or a
 * run of letters (a name), or a bracketed group; optionally after ∂, ∇ or √ and followed by
 * marks, sub/superscripts, primes, `_`/`^` with a name or a group, and an argument list:
 * 2, x, dx, ∂W_hh, hₜ₋₁, ∂²L, (a+b), f′(x). */
static bool S_is_atom(const char *t, size_t n)
{
    uint32_t cp;
    size_t i = 0, k;
    if (n == 0)
        return true;
    if (S_match(t, n, 0) == n)
        return true;
    while (i < n) {
        k = S_peek(t, n, i, &cp);
        if (cp != 0x2202 && cp != 0x2207 && cp != 0x221A)
            break;
        for (i += k; i < n; i += k) {
            k = S_peek(t, n, i, &cp);
            if (!S_is_script_char(cp))
                break;
        }
    }
    if (i >= n)
        return true;
    k = S_peek(t, n, i, &cp);
    if (S_is_digit(cp)) {
        while (i < n && (S_is_digit((unsigned char)t[i]) || t[i] == '.'))
            i++;
    } else if (S_is_letter(cp)) {
        for (; i < n; i += k) {
            k = S_peek(t, n, i, &cp);
            if (!S_is_letter(cp))
                break;
        }
    } else if (S_match(t, n, i)) {
        i = S_match(t, n, i);
    } else if (cp == ' ' || S_is_operator(cp) || cp == ')' || cp == ']') {
        return false;
    } else {
        i += k;
    }
    while (i < n) {
        k = S_peek(t, n, i, &cp);
        if (vg_char_width(cp) == 0 || S_is_script_char(cp) || S_is_prime(cp)) {
            i += k;
        } else if ((cp == '_' || cp == '^') && i + 1 < n) {
            size_t j = i + 1;
            if (t[j] == '(' && S_match(t, n, j)) {
                i = S_match(t, n, j);
                continue;
            }
            for (; j < n; j += k) {
                k = S_peek(t, n, j, &cp);
                if (!S_is_letter(cp) && !S_is_digit(cp) && !S_is_prime(cp) && !S_is_script_char(cp))
                    break;
            }
            if (j == i + 1)
                return false;
            i = j;
        } else if (cp == '(' && S_match(t, n, i)) {
            i = S_match(t, n, i);
        } else {
            return false;
        }
    }
    return true;
}

/* A space or an operator outside brackets (a leading sign does not count). */
static bool S_has_terms(const char *t, size_t n)
{
    size_t i = (n > 0 && (t[0] == '-' || t[0] == '+')) ? 1 : 0, k;
    size_t depth = 0;
    uint32_t cp;
    for (; i < n; i += k) {
        k = S_peek(t, n, i, &cp);
        if (cp == '(' || cp == '[' || cp == '{' || cp == 0x27E8)
            depth++;
        else if ((cp == ')' || cp == ']' || cp == '}' || cp == 0x27E9) && depth > 0)
            depth--;
        else if (depth == 0 && (cp == ' ' || S_is_operator(cp)))
            return true;
    }
    return false;
}

/* Writes t, in parentheses unless it is an atom. */
static void S_add_group(vg_buf *out, const char *t, size_t n, bool parens)
{
    if (parens)
        vg_buf_addc(out, '(');
    vg_buf_add(out, t, n);
    if (parens)
        vg_buf_addc(out, ')');
}

/* ---- sub- and superscripts ----------------------------------------------------------- */

/* Unicode forms are used when every character has one, except for a name: two or more
 * letters and nothing else but primes (W_hh, not Wₕₕ). */
static bool S_script_unicode(const char *t, size_t n, bool sup)
{
    size_t letters = 0, k;
    bool other = false;
    uint32_t cp;
    for (size_t i = 0; i < n; i += k) {
        k = S_peek(t, n, i, &cp);
        if (!S_script_of(cp, sup))
            return false;
        if (S_is_letter(cp))
            letters++;
        else if (!S_is_prime(cp))
            other = true;
    }
    return other || letters < 2;
}

static void S_script_emit(vg_buf *out, const char *t, size_t n, bool sup, bool unicode)
{
    if (n == 0)
        return;
    if (!unicode) {
        vg_buf_addc(out, sup ? '^' : '_');
        S_add_group(out, t, n, !S_is_atom(t, n));
        return;
    }
    size_t k;
    uint32_t cp;
    for (size_t i = 0; i < n; i += k) {
        k = S_peek(t, n, i, &cp);
        S_addcp(out, S_script_of(cp, sup));
    }
}

/* Reads the subscript and superscript (in either order) after a token, if any. Both are
 * written the same way, as Unicode only when both can be. */
static void S_scripts(S_math *m, vg_buf *out)
{
    vg_buf sub = VG_BUF_INIT, sup = VG_BUF_INIT;
    bool has_sub = false, has_sup = false;
    size_t after = m->pos;
    for (;;) {
        S_skip_ws(m);
        if (m->pos >= m->len)
            break;
        char c = m->s[m->pos];
        if (c == '_' && !has_sub) {
            m->pos++;
            S_arg(m, &sub, true);
            has_sub = true;
        } else if (c == '^' && !has_sup) {
            m->pos++;
            S_arg(m, &sup, true);
            has_sup = true;
        } else {
            break;
        }
        after = m->pos;
    }
    m->pos = after;
    if (has_sub || has_sup) {
        size_t nb, np;
        const char *b = S_trimmed(&sub, &nb), *p = S_trimmed(&sup, &np);
        bool unicode = S_script_unicode(b, nb, false) && S_script_unicode(p, np, true);
        S_script_emit(out, b, nb, false, unicode);
        S_script_emit(out, p, np, true, unicode);
    }
    vg_buf_release(&sub);
    vg_buf_release(&sup);
}

/* ---- commands ------------------------------------------------------------------------ */

/* After a function name: one space before an argument that is not bracketed. */
static void S_func_space(S_math *m, vg_buf *out, bool script)
{
    size_t save = m->pos;
    S_skip_ws(m);
    if (m->pos >= m->len || script)
        return;
    char c = m->s[m->pos];
    if (c == '(' || c == '[' || c == '_' || c == '^' || c == '\'')
        return;
    bool space = S_is_alnum(c) || c == '{';
    if (c == '\\' && m->pos + 1 < m->len && S_is_alpha(m->s[m->pos + 1])) {
        size_t e = m->pos + 1;
        while (e < m->len && S_is_alpha(m->s[e]))
            e++;
        const S_cmd *cmd = S_lookup(m->s + m->pos + 1, e - m->pos - 1);
        if (cmd && (cmd->kind == K_LEFT || cmd->kind == K_OPEN))
            return;
        space = !cmd || (cmd->kind != K_BIN && cmd->kind != K_CLOSE && cmd->kind != K_RIGHT &&
                         cmd->kind != K_DROP && cmd->kind != K_SPACE && cmd->kind != K_PLAIN);
    }
    if (space)
        S_space(out, 1);
    else
        m->pos = save; /* spacing as written */
}

/* After a symbol: the spaces that only ended the control word go when a letter or digit
 * follows (\alpha x is αx); otherwise they stay (\alpha = 1). */
static void S_ws_before_alnum(S_math *m)
{
    size_t save = m->pos;
    S_skip_ws(m);
    if (m->pos >= m->len || !S_is_alnum(m->s[m->pos]))
        m->pos = save;
}

/* Copies an argument as written, without recursion: used past the nesting limit. */
static void S_raw_arg(S_math *m, vg_buf *out)
{
    if (m->s[m->pos] != '{') {
        uint32_t cp;
        size_t n = vg_utf8_decode(m->s + m->pos, m->len - m->pos, &cp);
        vg_buf_add(out, m->s + m->pos, n);
        m->pos += n;
        return;
    }
    size_t depth = 0, start = m->pos;
    while (m->pos < m->len) {
        char c = m->s[m->pos++];
        if (c == '\\' && m->pos < m->len)
            m->pos++;
        else if (c == '{')
            depth++;
        else if (c == '}' && --depth == 0)
            break;
    }
    vg_buf_add(out, m->s + start, m->pos - start);
}

/* \text{...}: its characters as written, braces and the dollars of nested math dropped,
 * escaped specials unescaped, spaces folded. */
static void S_text_arg(S_math *m, vg_buf *out)
{
    S_skip_ws(m);
    if (m->pos >= m->len)
        return;
    if (m->s[m->pos] != '{') {
        S_arg(m, out, false);
        return;
    }
    m->pos++;
    size_t depth = 1;
    while (m->pos < m->len) {
        char c = m->s[m->pos];
        if (c == '{') {
            depth++;
            m->pos++;
        } else if (c == '}') {
            m->pos++;
            if (--depth == 0)
                return;
        } else if (c == '\\' && m->pos + 1 < m->len) {
            char d = m->s[m->pos + 1];
            if (d != '\0' && strchr("{}%$&#_", d)) {
                vg_buf_addc(out, d);
                m->pos += 2;
            } else if (S_is_space(d)) {
                S_space(out, 1);
                m->pos += 2;
            } else {
                vg_buf_addc(out, c);
                m->pos++;
                while (m->pos < m->len && S_is_alpha(m->s[m->pos]))
                    vg_buf_addc(out, m->s[m->pos++]);
            }
        } else if (c == '$') {
            m->pos++;
        } else if (S_is_space(c)) {
            S_skip_ws(m);
            S_space(out, 1);
        } else {
            vg_buf_addc(out, c);
            m->pos++;
        }
    }
}

/* Renders s[start..end) as a sequence of its own (the index of \sqrt[n]). */
static void S_slice(const S_math *m, size_t start, size_t end, vg_buf *out, bool script)
{
    S_math sub = {m->s, end, start, m->depth + 1, false};
    if (sub.depth >= S_MAX_DEPTH)
        vg_buf_add(out, m->s + start, end - start);
    else
        S_seq(&sub, out, script, false);
}

static void S_frac(S_math *m, vg_buf *out, bool script)
{
    vg_buf a = VG_BUF_INIT, b = VG_BUF_INIT;
    S_arg(m, &a, script);
    S_arg(m, &b, script);
    size_t na, nb;
    const char *ta = S_trimmed(&a, &na), *tb = S_trimmed(&b, &nb);
    S_add_group(out, ta, na, !S_is_atom(ta, na) && S_has_terms(ta, na));
    vg_buf_addc(out, '/');
    S_add_group(out, tb, nb, !S_is_atom(tb, nb));
    vg_buf_release(&a);
    vg_buf_release(&b);
}

static void S_sqrt(S_math *m, vg_buf *out, bool script)
{
    vg_buf idx = VG_BUF_INIT, arg = VG_BUF_INIT;
    size_t save = m->pos;
    S_skip_ws(m);
    if (m->pos < m->len && m->s[m->pos] == '[') {
        size_t end = m->pos + 1, braces = 0;
        size_t limit = m->len - m->pos > S_MAX_INDEX ? m->pos + S_MAX_INDEX : m->len;
        while (end < limit && (m->s[end] != ']' || braces > 0)) {
            if (m->s[end] == '{')
                braces++;
            else if (m->s[end] == '}' && braces > 0)
                braces--;
            end++;
        }
        if (end < limit) {
            S_slice(m, m->pos + 1, end, &idx, true);
            m->pos = end + 1;
        } else {
            m->pos = save;
        }
    } else {
        m->pos = save;
    }
    S_arg(m, &arg, script);
    size_t ni, na;
    const char *ti = S_trimmed(&idx, &ni), *ta = S_trimmed(&arg, &na);
    if (ni == 1 && ti[0] == '3') {
        vg_buf_adds(out, "∛");
    } else if (ni == 1 && ti[0] == '4') {
        vg_buf_adds(out, "∜");
    } else {
        if (ni > 0 && S_script_unicode(ti, ni, true))
            S_script_emit(out, ti, ni, true, true);
        else if (ni > 0)
            S_add_group(out, ti, ni, true);
        vg_buf_adds(out, "√");
    }
    S_add_group(out, ta, na, !S_is_atom(ta, na));
    vg_buf_release(&idx);
    vg_buf_release(&arg);
}

/* Puts the combining mark after every letter, digit or symbol of src. */
static void S_accent(const vg_buf *src, const char *mark, vg_buf *out)
{
    size_t n = src->len, k;
    const char *t = vg_buf_str(src);
    uint32_t cp;
    for (size_t i = 0; i < n; i += k) {
        k = S_peek(t, n, i, &cp);
        vg_buf_add(out, t + i, k);
        if (cp == ' ' || cp == '(' || cp == ')' || S_is_prime(cp) || S_is_script_char(cp) ||
            vg_char_width(cp) < 1)
            continue;
        vg_buf_adds(out, mark);
    }
}

/* Double-struck letters and digits (the BMP ones where Unicode has them there). */
static void S_blackboard(const vg_buf *src, vg_buf *out)
{
    static const struct {
        char c;
        uint32_t cp;
    } bmp[] = {{'C', 0x2102}, {'H', 0x210D}, {'N', 0x2115}, {'P', 0x2119},
               {'Q', 0x211A}, {'R', 0x211D}, {'Z', 0x2124}};
    const char *t = vg_buf_str(src);
    for (size_t i = 0; i < src->len; i++) {
        char c = t[i];
        uint32_t cp = 0;
        for (size_t j = 0; j < sizeof bmp / sizeof bmp[0]; j++)
            if (bmp[j].c == c)
                cp = bmp[j].cp;
        if (!cp && c >= 'A' && c <= 'Z')
            cp = 0x1D538 + (uint32_t)(c - 'A');
        else if (!cp && c >= 'a' && c <= 'z')
            cp = 0x1D552 + (uint32_t)(c - 'a');
        else if (!cp && c >= '0' && c <= '9')
            cp = 0x1D7D8 + (uint32_t)(c - '0');
        if (cp)
            S_addcp(out, cp);
        else
            vg_buf_addc(out, c);
    }
}

/* The delimiter after \left, \right or \middle ('.' is none). */
static void S_delim(S_math *m, vg_buf *out, bool script)
{
    S_skip_ws(m);
    if (m->pos < m->len && m->s[m->pos] == '.')
        m->pos++;
    else
        S_arg(m, out, script);
}

static void S_control_symbol(S_math *m, vg_buf *out)
{
    char c = m->s[m->pos];
    if ((unsigned char)c >= 0x80) {
        vg_buf_addc(out, '\\'); /* the character itself is copied next */
        return;
    }
    m->pos++;
    if (c == ',' || c == ':' || c == ';' || c == '>' || c == '\\' || S_is_space(c))
        S_space(out, 1);
    else if (c == '|')
        vg_buf_adds(out, "‖");
    else if (c == '!')
        return; /* a negative thin space */
    else if (c != '\0' && strchr("{}%$#&_", c)) {
        vg_buf_addc(out, c);
    } else {
        vg_buf_addc(out, '\\');
        vg_buf_addc(out, c);
    }
}

static void S_command(S_math *m, vg_buf *out, bool script)
{
    m->pos++; /* the backslash */
    if (m->pos >= m->len) {
        vg_buf_addc(out, '\\');
        return;
    }
    if (!S_is_alpha(m->s[m->pos])) {
        S_control_symbol(m, out);
        return;
    }
    size_t start = m->pos;
    while (m->pos < m->len && S_is_alpha(m->s[m->pos]))
        m->pos++;
    const S_cmd *cmd = S_lookup(m->s + start, m->pos - start);
    if (!cmd) {
        /* Unknown: as written, with the braces of arguments that follow it directly. */
        vg_buf_addc(out, '\\');
        vg_buf_add(out, m->s + start, m->pos - start);
        while (m->pos < m->len && m->s[m->pos] == '{') {
            vg_buf_addc(out, '{');
            S_arg(m, out, script);
            vg_buf_addc(out, '}');
        }
        return;
    }
    vg_buf tmp = VG_BUF_INIT;
    switch (cmd->kind) {
    case K_ORD:
        vg_buf_adds(out, cmd->text);
        S_ws_before_alnum(m);
        break;
    case K_PLAIN:
        vg_buf_adds(out, cmd->text);
        break;
    case K_PREFIX:
    case K_OPEN:
        vg_buf_adds(out, cmd->text);
        S_skip_ws(m);
        m->bind = true;
        break;
    case K_CLOSE:
        S_trim_end(out);
        vg_buf_adds(out, cmd->text);
        break;
    case K_BIN:
        if (out->len == 0 || out->data[out->len - 1] != ' ')
            S_skip_ws(m);
        vg_buf_adds(out, cmd->text);
        break;
    case K_FUNC:
        vg_buf_adds(out, cmd->text);
        S_func_space(m, out, script);
        break;
    case K_SPACE:
        S_space(out, strlen(cmd->text));
        break;
    case K_DROP:
        S_skip_ws(m);
        break;
    case K_FONT:
        S_arg(m, out, script);
        break;
    case K_TEXT:
        S_text_arg(m, out);
        break;
    case K_BB:
        S_arg(m, &tmp, script);
        S_blackboard(&tmp, out);
        break;
    case K_OPNAME:
        if (m->pos < m->len && m->s[m->pos] == '*')
            m->pos++;
        S_arg(m, out, script);
        S_func_space(m, out, script);
        break;
    case K_FRAC:
        S_frac(m, out, script);
        break;
    case K_SQRT:
        S_sqrt(m, out, script);
        break;
    case K_ACCENT:
        S_arg(m, &tmp, script);
        S_accent(&tmp, cmd->text, out);
        break;
    case K_LEFT:
        S_delim(m, out, script);
        S_skip_ws(m);
        break;
    case K_RIGHT:
        S_trim_end(out);
        S_delim(m, out, script);
        break;
    case K_MIDDLE:
        S_delim(m, out, script);
        break;
    case K_TOP:
        vg_buf_adds(out, script ? "T" : "ᵀ");
        break;
    case K_PMOD:
        S_space(out, 1);
        vg_buf_adds(out, "(mod ");
        S_arg(m, out, script);
        vg_buf_addc(out, ')');
        break;
    case K_BINOM:
        vg_buf_adds(out, "C(");
        S_arg(m, out, script);
        vg_buf_addc(out, ',');
        S_arg(m, out, script);
        vg_buf_addc(out, ')');
        break;
    case K_SWALLOW:
        S_arg(m, &tmp, script);
        break;
    case K_TEXTCOLOR:
        S_arg(m, &tmp, script);
        S_arg(m, out, script);
        break;
    }
    vg_buf_release(&tmp);
}

/* ---- the reader ---------------------------------------------------------------------- */

static void S_token(S_math *m, vg_buf *out, bool script)
{
    char c = m->s[m->pos];
    if (c == '\\') {
        S_command(m, out, script);
    } else if (c == '\'') {
        size_t n = 0;
        while (m->pos < m->len && m->s[m->pos] == '\'') {
            m->pos++;
            n++;
        }
        if (n == 2)
            vg_buf_adds(out, "″");
        else if (n == 3)
            vg_buf_adds(out, "‴");
        else
            while (n--)
                vg_buf_adds(out, "′");
    } else if (c == '~' || c == '&') {
        m->pos++;
        S_space(out, 1);
    } else if (c == '{') {
        S_arg(m, out, script);
    } else if (c == '}') {
        return; /* an argument that is missing: the enclosing group ends here */
    } else {
        uint32_t cp;
        size_t n = vg_utf8_decode(m->s + m->pos, m->len - m->pos, &cp);
        vg_buf_add(out, m->s + m->pos, n);
        m->pos += n;
    }
}

/* One argument: a brace group or a single token; copied as written past the depth limit. */
static void S_arg(S_math *m, vg_buf *out, bool script)
{
    S_skip_ws(m);
    if (m->pos >= m->len)
        return;
    if (m->depth >= S_MAX_DEPTH) {
        S_raw_arg(m, out);
        return;
    }
    m->depth++;
    if (m->s[m->pos] == '{') {
        m->pos++;
        S_seq(m, out, script, true);
    } else {
        S_token(m, out, script);
    }
    m->depth--;
}

/* Tokens with their scripts up to the end, or to the '}' that closes the group. In a
 * script, spaces in the source are ignored, as TeX does in math. */
static void S_seq(S_math *m, vg_buf *out, bool script, bool group)
{
    while (m->pos < m->len) {
        char c = m->s[m->pos];
        if (c == '}') {
            m->pos++;
            if (group)
                return;
            vg_buf_addc(out, '}'); /* unbalanced: shown as written */
            continue;
        }
        if (S_is_space(c)) {
            S_skip_ws(m);
            if (!script)
                S_space(out, 1);
            continue;
        }
        m->bind = false;
        if (c == '{')
            S_arg(m, out, script);
        else if (c != '_' && c != '^')
            S_token(m, out, script);
        bool bind = m->bind;
        S_scripts(m, out);
        if (bind)
            S_skip_ws(m);
    }
}

void vg_render_math(const char *tex, size_t len, vg_buf *out)
{
    S_math m = {tex, len, 0, 0, false};
    vg_buf tmp = VG_BUF_INIT;
    S_seq(&m, &tmp, false, false);
    size_t n;
    const char *t = S_trimmed(&tmp, &n);
    vg_render_sanitize(t, n, out);
    if (tmp.failed)
        out->failed = true;
    vg_buf_release(&tmp);
}
