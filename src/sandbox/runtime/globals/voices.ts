/**
 * TTS voices (docs/platform.md#voices). Names are those of the VoxEngine typings (`VoiceList` in
 * voxengine-ci typings/voxengine.d.ts): all of Amazon (60), Amazon.Neural (63), Default (27) and
 * ElevenLabs (20), and the Google voices of a few locales (en_US, en_IN, es_ES, ar_XA, vi_VN, yue_HK, am_ET, af_ZA). The
 * other providers exist as namespaces whose use throws "VoiceList.<Provider> is not emulated". A misspelled
 * voice is `undefined`, as on the platform. Leaves are frozen `{ provider, name }` objects (the real
 * runtime shape is unknown, docs/platform.md#voices (inferred)); the voice id used in the trace is `<provider>.<name>`, e.g.
 * 'Amazon.en_US_Joanna'.
 *
 * `Language` (legacy, docs/platform.md#legacy-forms (legacy form)): the old enum's names (from ama-team/ts-voxengine), each a voice leaf
 * with provider 'Language' (id e.g. 'Language.US_ENGLISH_FEMALE').
 */

/** A namespace of voices: leaves, lazily built child namespaces, and child namespaces not emulated. */
export interface VoiceTree {
  voices?: readonly string[];
  /** Set when the emulator has only some of the provider's voices: which ones (for the warning on a miss). */
  partial?: string;
  /** The same names as a Set, shared by every session (the facade looks names up in it). */
  voiceSet?: ReadonlySet<string>;
  children?: Record<string, VoiceTree | null>;
}

const AMAZON = `en_US_Joanna es_US_Lupe tr_TR_Filiz sv_SE_Astrid ru_RU_Tatyana ru_RU_Maxim ro_RO_Carmen pt_PT_Ines
pt_PT_Cristiano pt_BR_Vitoria pt_BR_Ricardo pt_BR_Camila pl_PL_Maja pl_PL_Jan pl_PL_Jacek pl_PL_Ewa nl_NL_Ruben
nl_NL_Lotte nb_NO_Liv ko_KR_Seoyeon ja_JP_Takumi ja_JP_Mizuki it_IT_Bianca it_IT_Giorgio it_IT_Carla is_IS_Karl
is_IS_Dora fr_FR_Mathieu fr_FR_Lea fr_FR_Celine fr_CA_Chantal es_US_Penelope es_US_Miguel es_MX_Mia es_ES_Lucia
es_ES_Enrique es_ES_Conchita en_GB_WLS_Geraint en_US_Salli en_US_Matthew en_US_Kimberly en_US_Kendra en_US_Justin
en_US_Joey en_US_Ivy en_IN_Raveena en_IN_Aditi en_GB_Emma en_GB_Brian en_GB_Amy en_AU_Russell en_AU_Nicole
de_DE_Vicki de_DE_Marlene de_DE_Hans da_DK_Naja da_DK_Mads cy_GB_Gwyneth cmn_CN_Zhiyu arb_Zeina`;

const AMAZON_NEURAL = `fr_BE_Isabelle en_US_Danielle en_US_Gregory tr_TR_Burcu cs_CZ_Jitka de_CH_Sabrina en_US_Joanna
en_US_Ruth es_US_Lupe en_SG_Jasmine ko_KR_Jihye en_US_Kevin sv_SE_Elin pt_PT_Ines pt_BR_Vitoria pt_BR_Camila pl_PL_Ola
nl_BE_Lisa nl_NL_Laura nb_NO_Ida ko_KR_Seoyeon ja_JP_Kazuha ja_JP_Tomoko ja_JP_Takumi it_IT_Bianca fr_FR_Lea
fr_CA_Gabrielle es_MX_Mia es_ES_Lucia en_US_Salli en_US_Matthew en_US_Kimberly en_US_Kendra en_US_Justin en_US_Joey
en_US_Ivy en_NZ_Aria en_ZA_Ayanda en_GB_Emma en_GB_Brian en_GB_Amy en_AU_Olivia de_DE_Vicki da_DK_Sofie cmn_CN_Zhiyu
ar_AE_Hala ca_ES_Arlet de_AT_Hannah en_US_Stephen en_IN_Kajal yue_CN_Hiujin fi_FI_Suvi en_IE_Niamh en_GB_Arthur
de_DE_Daniel fr_CA_Liam es_US_Pedro es_ES_Sergio es_MX_Andres fr_FR_Remi it_IT_Adriano pt_BR_Thiago ar_AE_Zayd`;

const DEFAULT = `ru_RU_Female ru_RU_Male en_US_Female en_US_Male cmn_CN_Female nl_NL_Female nl_NL_Male da_DK_Female
da_DK_Male hi_IN_Female de_DE_Female de_DE_Male it_IT_Female it_IT_Male ja_JP_Female ja_JP_Male ko_KR_Female
nb_NO_Female pl_PL_Female pl_PL_Male pt_PT_Female pt_PT_Male ro_RO_Female es_ES_Female es_ES_Male sv_SE_Female
tr_TR_Female`;

const ELEVENLABS = `Alice Aria Bill Brian Callum Charlie Charlotte Chris Daniel Eric George Jessica Laura Liam Lily
Matilda River Roger Sarah Will`;

/** Google voices seen in the typings, as locale → variant → letters. */
const GOOGLE_LETTERS: Record<string, Record<string, string>> = {
  en_US: { Standard: 'ABCDEFGHIJ', Wavenet: 'ABCDEFGHIJ', Neural2: 'ACDEFGHIJ' },
  en_IN: { Standard: 'ABCDEF', Wavenet: 'ABCDEF', Neural2: 'ABCD' },
  es_ES: { Neural2: 'AEFGH' },
  ar_XA: { Standard: 'ABCD', Wavenet: 'ABCD' },
  vi_VN: { Standard: 'ABCD', Wavenet: 'ABCD', Neural2: 'AD' },
  yue_HK: { Standard: 'ABCD' },
  am_ET: { Standard: 'AB', Wavenet: 'AB' },
  af_ZA: { Standard: 'A' },
};
/** The Chirp3 HD star names; each locale listed in CHIRP3_LOCALES has all of them. */
const CHIRP3 = `Achernar Achird Algenib Algieba Alnilam Aoede Autonoe Callirrhoe Charon Despina Enceladus Erinome Fenrir
Gacrux Iapetus Kore Laomedeia Leda Orus Puck Pulcherrima Rasalgethi Sadachbia Sadaltager Schedar Sulafat Umbriel
Vindemiatrix Zephyr Zubenelgenubi`;
const CHIRP3_LOCALES = ['en_US', 'es_ES', 'ar_XA', 'yue_HK'];
const GOOGLE_EXTRA = `en_US_Casual_K en_US_Chirp_HD_D en_US_Chirp_HD_F en_US_Chirp_HD_O en_US_News_K en_US_News_L en_US_News_N
en_US_Polyglot_1 en_US_Studio_O en_US_Studio_Q es_ES_Chirp_HD_D es_ES_Chirp_HD_F es_ES_Chirp_HD_O`;

function words(text: string): string[] {
  return text.split(/\s+/).filter(Boolean);
}

function googleVoices(): string[] {
  const stars = words(CHIRP3);
  const out = [...stars, ...words(GOOGLE_EXTRA)];
  for (const locale of CHIRP3_LOCALES) for (const star of stars) out.push(`${locale}_Chirp3_HD_${star}`);
  for (const [locale, variants] of Object.entries(GOOGLE_LETTERS)) {
    for (const [variant, letters] of Object.entries(variants)) for (const l of letters) out.push(`${locale}_${variant}_${l}`);
  }
  return out;
}

/** A tree node with its voice-name Set precomputed. */
function node(voices: string[], children?: Record<string, VoiceTree | null>, partial?: string): VoiceTree {
  return { voices, voiceSet: new Set(voices), ...(children ? { children } : {}), ...(partial ? { partial } : {}) };
}

/** VoiceList: provider → voices, or null for a provider that exists but is not emulated. */
export const VOICE_LIST: Record<string, VoiceTree | null> = {
  Amazon: node(words(AMAZON), { Neural: node(words(AMAZON_NEURAL)) }),
  Default: node(words(DEFAULT)),
  ElevenLabs: node(words(ELEVENLABS)),
  Google: node(
    googleVoices(),
    undefined,
    `only the Google voices of the locales ${Object.keys(GOOGLE_LETTERS).join(', ')} (and the Chirp3 HD voices of ${CHIRP3_LOCALES.join(', ')}) are emulated`,
  ),
  IBM: null,
  Microsoft: null,
  SaluteSpeech: null,
  TBank: null,
  Yandex: null,
  YandexV3: null,
};

const LANGUAGE = `AU_ENGLISH_FEMALE AU_ENGLISH_MALE BR_PORTUGUESE_FEMALE BR_PORTUGUESE_MALE CA_ENGLISH_FEMALE CA_FRENCH_FEMALE
CA_FRENCH_MALE CH_CHINESE_FEMALE CH_CHINESE_MALE EUR_CATALAN_FEMALE EUR_CZECH_FEMALE EUR_DANISH_FEMALE EUR_DANISH_MALE
EUR_DUTCH_FEMALE EUR_DUTCH_MALE EUR_FINNISH_FEMALE EUR_FRENCH_FEMALE EUR_FRENCH_MALE EUR_GERMAN_FEMALE EUR_GERMAN_MALE
EUR_ITALIAN_FEMALE EUR_ITALIAN_MALE EUR_NORWEGIAN_FEMALE EUR_POLISH_FEMALE EUR_POLISH_MALE EUR_PORTUGUESE_FEMALE
EUR_PORTUGUESE_MALE EUR_SPANISH_FEMALE EUR_SPANISH_MALE EUR_TURKISH_FEMALE EUR_TURKISH_MALE HK_CHINESE_FEMALE
HU_HUNGARIAN_FEMALE JP_JAPANESE_FEMALE JP_JAPANESE_MALE KR_KOREAN_FEMALE KR_KOREAN_MALE RU_RUSSIAN_FEMALE RU_RUSSIAN_MALE
SW_SWEDISH_FEMALE TW_CHINESE_FEMALE UK_ENGLISH_FEMALE UK_ENGLISH_MALE US_ENGLISH_FEMALE US_ENGLISH_MALE US_SPANISH_FEMALE
US_SPANISH_MALE`;

const LANGUAGE_PREMIUM = `AU_ENGLISH_FEMALE AU_ENGLISH_FEMALE2 AU_ENGLISH_MALE AU_ENGLISH_MALE2 EUR_DUTCH_FEMALE EUR_FRENCH_FEMALE
EUR_FRENCH_FEMALE2 EUR_FRENCH_MALE EUR_FRENCH_MALE2 EUR_GERMAN_FEMALE EUR_GERMAN_FEMALE2 EUR_GERMAN_MALE EUR_GERMAN_MALE2
EUR_ITALIAN_FEMALE GB_ENGLISH_FEMALE GB_ENGLISH_FEMALE2 GB_ENGLISH_MALE GB_ENGLISH_MALE2 JP_JAPANESE_FEMALE
RU_RUSSIAN_YA_FEMALE RU_RUSSIAN_YA_FEMALE2 RU_RUSSIAN_YA_MALE RU_RUSSIAN_YA_MALE2 US_ENGLISH_FEMALE US_ENGLISH_FEMALE2
US_ENGLISH_FEMALE3 US_ENGLISH_MALE US_ENGLISH_MALE2 US_ENGLISH_MALE3 EUR_TURKISH_FEMALE KR_KOREAN_FEMALE CA_FRENCH_FEMALE
CA_FRENCH_FEMALE2 CA_FRENCH_MALE CA_FRENCH_MALE2 EUR_DANISH_FEMALE EUR_SLOVAK_FEMALE EUR_TURKISH_FEMALE2
EUR_TURKISH_FEMALE3 EUR_TURKISH_MALE EUR_TURKISH_MALE2 SW_SWEDISH_FEMALE RU_RUSSIAN_YA_MALE3`;

/** Language (legacy): voices directly under `Language`, plus `Language.Premium`. */
export const LANGUAGE_TREE: VoiceTree = node(words(LANGUAGE), { Premium: node(words(LANGUAGE_PREMIUM)) });

/** The default TTS voice id (docs/platform.md#voices: VoiceList.Amazon.en_US_Joanna). */
export const DEFAULT_VOICE_ID = 'Amazon.en_US_Joanna';
