/**
 * Brazilian geography for the generators: states with their share of Olist customers and sellers, the postal-code
 * (CEP) prefix ranges the Correios assign to them, and their main cities (proper names, centre coordinates).
 * Shares follow the public Olist dataset; the capital comes first and gets the largest weight.
 */

export interface City {
  readonly name: string;
  readonly lat: number;
  readonly lng: number;
}

export interface State {
  readonly uf: string;
  readonly customerShare: number;
  readonly sellerShare: number;
  readonly zipRanges: readonly (readonly [number, number])[];
  readonly cities: readonly City[];
}

const c = (name: string, lat: number, lng: number): City => ({ name, lat, lng });

export const STATES: readonly State[] = [
  { uf: "SP", customerShare: 41.98, sellerShare: 59.7, zipRanges: [[1000, 19999]], cities: [c("São Paulo", -23.55, -46.63), c("Campinas", -22.91, -47.06), c("Guarulhos", -23.46, -46.53), c("Santo André", -23.66, -46.53), c("São Bernardo do Campo", -23.69, -46.56), c("Osasco", -23.53, -46.79), c("Sorocaba", -23.5, -47.46), c("Ribeirão Preto", -21.18, -47.81), c("Santos", -23.96, -46.33), c("São José dos Campos", -23.18, -45.89), c("Jundiaí", -23.19, -46.88), c("Piracicaba", -22.73, -47.65), c("Bauru", -22.31, -49.06), c("Franca", -20.54, -47.4)] },
  { uf: "RJ", customerShare: 12.92, sellerShare: 5.4, zipRanges: [[20000, 28999]], cities: [c("Rio de Janeiro", -22.91, -43.17), c("Niterói", -22.88, -43.1), c("Nova Iguaçu", -22.76, -43.45), c("Duque de Caxias", -22.79, -43.31), c("São Gonçalo", -22.83, -43.05), c("Petrópolis", -22.51, -43.18), c("Campos dos Goytacazes", -21.75, -41.32)] },
  { uf: "MG", customerShare: 11.7, sellerShare: 7.9, zipRanges: [[30000, 39999]], cities: [c("Belo Horizonte", -19.92, -43.94), c("Uberlândia", -18.92, -48.28), c("Contagem", -19.93, -44.05), c("Juiz de Fora", -21.76, -43.35), c("Betim", -19.97, -44.2), c("Montes Claros", -16.73, -43.86), c("Uberaba", -19.75, -47.93)] },
  { uf: "RS", customerShare: 5.5, sellerShare: 4.2, zipRanges: [[90000, 99999]], cities: [c("Porto Alegre", -30.03, -51.23), c("Caxias do Sul", -29.17, -51.18), c("Pelotas", -31.77, -52.34), c("Canoas", -29.92, -51.18), c("Santa Maria", -29.68, -53.81)] },
  { uf: "PR", customerShare: 5.07, sellerShare: 11.3, zipRanges: [[80000, 87999]], cities: [c("Curitiba", -25.43, -49.27), c("Londrina", -23.31, -51.16), c("Maringá", -23.42, -51.94), c("Ponta Grossa", -25.09, -50.16), c("Cascavel", -24.96, -53.46)] },
  { uf: "SC", customerShare: 3.66, sellerShare: 6.1, zipRanges: [[88000, 89999]], cities: [c("Florianópolis", -27.6, -48.55), c("Joinville", -26.3, -48.85), c("Blumenau", -26.92, -49.07), c("São José", -27.61, -48.63), c("Itajaí", -26.91, -48.66)] },
  { uf: "BA", customerShare: 3.4, sellerShare: 0.6, zipRanges: [[40000, 48999]], cities: [c("Salvador", -12.97, -38.5), c("Feira de Santana", -12.27, -38.97), c("Vitória da Conquista", -14.86, -40.84), c("Camaçari", -12.7, -38.32)] },
  { uf: "DF", customerShare: 2.15, sellerShare: 1.0, zipRanges: [[70000, 72799], [73000, 73699]], cities: [c("Brasília", -15.79, -47.88), c("Taguatinga", -15.83, -48.06)] },
  { uf: "ES", customerShare: 2.04, sellerShare: 0.7, zipRanges: [[29000, 29999]], cities: [c("Vitória", -20.32, -40.34), c("Vila Velha", -20.33, -40.29), c("Serra", -20.13, -40.31), c("Cariacica", -20.26, -40.42)] },
  { uf: "GO", customerShare: 2.03, sellerShare: 1.3, zipRanges: [[72800, 72999], [73700, 76799]], cities: [c("Goiânia", -16.68, -49.25), c("Aparecida de Goiânia", -16.82, -49.24), c("Anápolis", -16.33, -48.95)] },
  { uf: "PE", customerShare: 1.66, sellerShare: 0.3, zipRanges: [[50000, 56999]], cities: [c("Recife", -8.05, -34.88), c("Jaboatão dos Guararapes", -8.11, -35.01), c("Olinda", -8.01, -34.86), c("Caruaru", -8.28, -35.97)] },
  { uf: "CE", customerShare: 1.34, sellerShare: 0.4, zipRanges: [[60000, 63999]], cities: [c("Fortaleza", -3.73, -38.52), c("Caucaia", -3.74, -38.65), c("Juazeiro do Norte", -7.21, -39.31)] },
  { uf: "PA", customerShare: 0.98, sellerShare: 0.03, zipRanges: [[66000, 68899]], cities: [c("Belém", -1.46, -48.49), c("Ananindeua", -1.37, -48.37), c("Santarém", -2.44, -54.71)] },
  { uf: "MT", customerShare: 0.91, sellerShare: 0.1, zipRanges: [[78000, 78899]], cities: [c("Cuiabá", -15.6, -56.1), c("Várzea Grande", -15.65, -56.13), c("Rondonópolis", -16.47, -54.64)] },
  { uf: "MA", customerShare: 0.75, sellerShare: 0.03, zipRanges: [[65000, 65999]], cities: [c("São Luís", -2.53, -44.3), c("Imperatriz", -5.52, -47.47)] },
  { uf: "MS", customerShare: 0.72, sellerShare: 0.2, zipRanges: [[79000, 79999]], cities: [c("Campo Grande", -20.44, -54.65), c("Dourados", -22.22, -54.81)] },
  { uf: "PB", customerShare: 0.54, sellerShare: 0.2, zipRanges: [[58000, 58999]], cities: [c("João Pessoa", -7.12, -34.86), c("Campina Grande", -7.23, -35.88)] },
  { uf: "PI", customerShare: 0.5, sellerShare: 0.03, zipRanges: [[64000, 64999]], cities: [c("Teresina", -5.09, -42.8), c("Parnaíba", -2.9, -41.78)] },
  { uf: "RN", customerShare: 0.49, sellerShare: 0.2, zipRanges: [[59000, 59999]], cities: [c("Natal", -5.79, -35.21), c("Mossoró", -5.19, -37.34)] },
  { uf: "AL", customerShare: 0.41, sellerShare: 0.03, zipRanges: [[57000, 57999]], cities: [c("Maceió", -9.67, -35.74), c("Arapiraca", -9.75, -36.66)] },
  { uf: "SE", customerShare: 0.35, sellerShare: 0.1, zipRanges: [[49000, 49999]], cities: [c("Aracaju", -10.91, -37.07), c("Nossa Senhora do Socorro", -10.86, -37.13)] },
  { uf: "TO", customerShare: 0.28, sellerShare: 0.03, zipRanges: [[77000, 77999]], cities: [c("Palmas", -10.18, -48.33), c("Araguaína", -7.19, -48.21)] },
  { uf: "RO", customerShare: 0.25, sellerShare: 0.1, zipRanges: [[76800, 76999]], cities: [c("Porto Velho", -8.76, -63.9), c("Ji-Paraná", -10.88, -61.95)] },
  { uf: "AM", customerShare: 0.15, sellerShare: 0.03, zipRanges: [[69000, 69299], [69400, 69899]], cities: [c("Manaus", -3.12, -60.02), c("Parintins", -2.63, -56.74)] },
  { uf: "AC", customerShare: 0.08, sellerShare: 0.03, zipRanges: [[69900, 69999]], cities: [c("Rio Branco", -9.97, -67.81), c("Cruzeiro do Sul", -7.63, -72.67)] },
  { uf: "AP", customerShare: 0.07, sellerShare: 0.01, zipRanges: [[68900, 68999]], cities: [c("Macapá", 0.03, -51.07), c("Santana", -0.06, -51.17)] },
  { uf: "RR", customerShare: 0.05, sellerShare: 0.01, zipRanges: [[69300, 69399]], cities: [c("Boa Vista", 2.82, -60.67)] },
];

/** Olist spelling of a city: lower case, accents removed ("São Paulo" -> "sao paulo"). */
export function olistCity(name: string): string {
  return name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}
