/**
 * Only the ECharts parts the 领导驾驶舱 uses (tree-shaken: core + bar/line/pie + grid/tooltip/legend/
 * dataZoom + the SVG renderer: crisp at any zoom, and it also renders under jsdom in unit tests), loaded lazily by ngx-echarts when the first chart appears.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, SVGRenderer]);

export { echarts };
