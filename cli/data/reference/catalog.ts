/**
 * Olist product categories (Portuguese name, English translation as in product_category_name_translation.csv,
 * relative share of products). Two real categories have no translation row; they are kept so the Silver layer sees
 * the same orphan categories as in the real data.
 */
export const CATEGORIES: readonly (readonly [string, string | null, number])[] = [
  ["cama_mesa_banho", "bed_bath_table", 3029], ["esporte_lazer", "sports_leisure", 2867],
  ["moveis_decoracao", "furniture_decor", 2657], ["beleza_saude", "health_beauty", 2444],
  ["utilidades_domesticas", "housewares", 2335], ["automotivo", "auto", 1900],
  ["informatica_acessorios", "computers_accessories", 1639], ["brinquedos", "toys", 1411],
  ["relogios_presentes", "watches_gifts", 1329], ["telefonia", "telephony", 1134], ["bebes", "baby", 919],
  ["perfumaria", "perfumery", 868], ["fashion_bolsas_e_acessorios", "fashion_bags_accessories", 849],
  ["papelaria", "stationery", 849], ["cool_stuff", "cool_stuff", 789], ["ferramentas_jardim", "garden_tools", 753],
  ["pet_shop", "pet_shop", 719], ["eletronicos", "electronics", 517],
  ["construcao_ferramentas_construcao", "construction_tools_construction", 400], ["eletrodomesticos", "home_appliances", 370],
  ["malas_acessorios", "luggage_accessories", 349], ["consoles_games", "consoles_games", 317],
  ["moveis_escritorio", "office_furniture", 309], ["instrumentos_musicais", "musical_instruments", 289],
  ["eletroportateis", "small_appliances", 231], ["casa_construcao", "home_construction", 225],
  ["livros_interesse_geral", "books_general_interest", 216], ["fashion_calcados", "fashion_shoes", 173],
  ["moveis_sala", "furniture_living_room", 156], ["climatizacao", "air_conditioning", 124],
  ["livros_tecnicos", "books_technical", 123], ["casa_conforto", "home_confort", 111],
  ["telefonia_fixa", "fixed_telephony", 116], ["market_place", "market_place", 104], ["alimentos", "food", 82],
  ["fashion_roupa_masculina", "fashion_male_clothing", 95], ["moveis_cozinha_area_de_servico_jantar_e_jardim", "kitchen_dining_laundry_garden_furniture", 94],
  ["sinalizacao_e_seguranca", "signaling_and_security", 93], ["construcao_ferramentas_seguranca", "construction_tools_safety", 91],
  ["eletrodomesticos_2", "home_appliances_2", 90], ["construcao_ferramentas_jardim", "costruction_tools_garden", 88],
  ["alimentos_bebidas", "food_drink", 104], ["bebidas", "drinks", 81], ["construcao_ferramentas_ferramentas", "costruction_tools_tools", 39],
  ["fashion_bolsas", "fashion_bags", 10], ["agro_industria_e_comercio", "agro_industry_and_commerce", 74],
  ["industria_comercio_e_negocios", "industry_commerce_and_business", 68], ["audio", "audio", 58],
  ["construcao_ferramentas_iluminacao", "construction_tools_lights", 78], ["livros_importados", "books_imported", 31],
  ["artigos_de_natal", "christmas_supplies", 65], ["fashion_roupa_feminina", "fashio_female_clothing", 37],
  ["dvds_blu_ray", "dvds_blu_ray", 48], ["artes", "art", 55], ["pcs", "computers", 30],
  ["tablets_impressao_imagem", "tablets_printing_image", 9], ["artigos_de_festas", "party_supplies", 26],
  ["fashion_underwear_e_moda_praia", "fashion_underwear_beach", 33], ["fraldas_higiene", "diapers_and_hygiene", 12],
  ["cine_foto", "cine_photo", 28], ["musica", "music", 27], ["la_cuisine", "la_cuisine", 10],
  ["moveis_quarto", "furniture_bedroom", 45], ["portateis_casa_forno_e_cafe", "small_appliances_home_oven_and_coffee", 31],
  ["flores", "flowers", 14], ["cds_dvds_musicais", "cds_dvds_musicals", 1], ["fashion_esporte", "fashion_sport", 19],
  ["moveis_colchao_e_estofado", "furniture_mattress_and_upholstery", 10], ["casa_conforto_2", "home_comfort_2", 5],
  ["fashion_roupa_infanto_juvenil", "fashion_childrens_clothes", 5], ["seguros_e_servicos", "security_and_services", 2],
  ["artes_e_artesanato", "arts_and_craftmanship", 19],
  ["pc_gamer", null, 3], ["portateis_cozinha_e_preparadores_de_alimentos", null, 10],
];

/** The translation table rows: every category that has an English name. */
export const TRANSLATIONS: readonly (readonly [string, string])[] = CATEGORIES.filter(
  (entry): entry is readonly [string, string, number] => entry[1] !== null,
).map(([pt, en]) => [pt, en] as const);

export const ORDER_STATUSES: readonly (readonly [string, number])[] = [
  ["delivered", 96478], ["shipped", 1107], ["canceled", 625], ["unavailable", 609], ["invoiced", 314],
  ["processing", 301], ["created", 5], ["approved", 2],
];

/** Orders per purchase month (2016-09 .. 2018-10), the real curve: a slow start, Black Friday 2017, a 2018 plateau. */
export const ORDER_MONTHS: readonly (readonly [string, number])[] = [
  ["2016-09", 4], ["2016-10", 324], ["2016-12", 1], ["2017-01", 800], ["2017-02", 1780], ["2017-03", 2682],
  ["2017-04", 2404], ["2017-05", 3700], ["2017-06", 3245], ["2017-07", 4026], ["2017-08", 4331], ["2017-09", 4285],
  ["2017-10", 4631], ["2017-11", 7544], ["2017-12", 5673], ["2018-01", 7269], ["2018-02", 6728], ["2018-03", 7211],
  ["2018-04", 6939], ["2018-05", 6873], ["2018-06", 6167], ["2018-07", 6292], ["2018-08", 6512], ["2018-09", 16],
  ["2018-10", 4],
];

export const PAYMENT_TYPES: readonly (readonly [string, number])[] = [
  ["credit_card", 76795], ["boleto", 19784], ["voucher", 3000], ["debit_card", 1529],
];

export const INSTALLMENTS: readonly (readonly [number, number])[] = [
  [1, 25455], [2, 12413], [3, 10461], [4, 7098], [10, 5328], [5, 5239], [8, 4268], [6, 3920], [7, 1626], [9, 644],
  [12, 133], [15, 74], [18, 27], [11, 23], [24, 18], [20, 17], [13, 16], [14, 15], [17, 8], [16, 5], [21, 3],
];

export const REVIEW_SCORES: readonly (readonly [number, number])[] = [[5, 57420], [4, 19200], [3, 8179], [2, 3151], [1, 11424]];

export const REVIEW_TITLES: readonly string[] = [
  "recomendo", "Muito bom", "Excelente", "Ótimo", "Super recomendo", "Não recebi", "Péssimo", "Produto ótimo",
  "Entrega rápida", "Bom", "Atrasou", "Não recomendo", "Nota 10", "Tudo certo", "Decepcionado",
];

/** Review texts: accents, commas and quotes on purpose; some join two sentences with a CRLF like the real file. */
export const REVIEW_MESSAGES: readonly string[] = [
  "Produto chegou antes do prazo, muito bem embalado.", "Recebi bem antes do prazo estipulado.",
  "Parabéns lojas lannister adorei comprar pela Internet seguro e prático Parabéns a todos feliz Páscoa",
  "aparelho eficiente. no site a marca do aparelho esta impresso como 3desinfector e ao chegar esta com outro nome",
  "Mas um pouco ,travando...pelo valor ta Boa.", "Vendedor confiável, produto ok e entrega antes do prazo.",
  "Não recebi o produto e ninguém responde.", "O produto veio com defeito, quero a troca.",
  "Comprei 2 unidades e só recebi 1", "Ótimo produto, \"igual\" ao anunciado.", "Entrega atrasou mais de uma semana",
  "Gostei muito, chegou rápido e a qualidade é ótima.", "A cor veio diferente da foto, mas serviu.",
  "Tudo certo, recomendo a loja.", "Produto de péssima qualidade, não comprem.",
];

export const MQL_ORIGINS: readonly (readonly [string | null, number, number])[] = [
  // origin, MQLs in the real data, relative conversion to a closed deal
  ["organic_search", 2296, 0.12], ["paid_search", 1586, 0.123], ["social", 1350, 0.056], ["unknown", 1099, 0.17],
  ["direct_traffic", 499, 0.11], ["email", 493, 0.03], ["referral", 284, 0.085], ["other", 150, 0.1],
  ["display", 118, 0.05], ["other_publicities", 65, 0.06], [null, 60, 0.25],
];

export const BUSINESS_SEGMENTS: readonly (readonly [string, number])[] = [
  ["home_decor", 105], ["health_beauty", 93], ["car_accessories", 77], ["household_utilities", 71],
  ["construction_tools_house_garden", 69], ["audio_video_electronics", 64], ["computers", 34], ["pet", 30],
  ["food_supplement", 28], ["food_drink", 26], ["sports_leisure", 25], ["bed_bath_table", 22], ["toys", 21],
  ["jewerly", 20], ["stationery", 13], ["handcrafted", 12], ["small_appliances", 11], ["gifts", 10], ["baby", 8],
  ["books", 6], ["air_conditioning", 6], ["music_instruments", 5], ["games_consoles", 4], ["party", 3],
  ["watches", 2], ["phone_mobile", 1],
];

export const LEAD_TYPES: readonly (readonly [string | null, number])[] = [
  ["online_medium", 332], ["online_big", 126], ["industry", 123], ["offline", 104], ["online_small", 77],
  ["online_beginner", 57], ["online_top", 14], ["other", 3], [null, 6],
];

export const LEAD_PROFILES: readonly (readonly [string | null, number])[] = [
  ["cat", 407], [null, 177], ["eagle", 123], ["wolf", 95], ["shark", 24], ["cat, wolf", 8], ["eagle, wolf", 3],
  ["eagle, cat", 3], ["shark, cat", 1], ["shark, wolf", 1],
];

export const AVERAGE_STOCKS: readonly (readonly [string | null, number])[] = [
  [null, 776], ["5-20", 22], ["1-5", 14], ["50-200", 12], ["20-50", 11], ["200+", 5], ["unknown", 2],
];

export const BUSINESS_TYPES: readonly (readonly [string | null, number])[] = [
  ["reseller", 587], ["manufacturer", 242], ["other", 3], [null, 10],
];
